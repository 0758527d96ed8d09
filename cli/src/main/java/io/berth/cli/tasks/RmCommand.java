package io.berth.cli.tasks;

import io.berth.cli.Berth;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.cli.ErrorLine;
import io.berth.cli.containers.ContainerRemoval;
import io.berth.proto.containerd.services.tasks.v1.DeleteTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.GetRequest;
import io.berth.proto.containerd.services.tasks.v1.KillRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.services.tasks.v1.WaitRequest;
import io.berth.proto.containerd.v1.types.Process;
import io.berth.proto.containerd.v1.types.Status;
import io.grpc.Status.Code;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth rm}: removes each container with its task and its snapshot. A task still running is refused
 * unless -f, which kills it first, as {@code ctr task rm -f} does. Prints each id removed, reports each failure
 * and goes on, exiting 1 at the end.
 */
@Command(name = "rm", description = "Remove containers, their tasks and their snapshots")
public final class RmCommand implements Callable<Integer> {
    private static final int SIGKILL = 9;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Kill a task that is still running")
    private boolean force;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Ids of the containers to remove")
    private List<String> ids;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exitCode = 0;
        try (Daemon daemon = Berth.of(spec).connect()) {
            for (String id : ids) {
                try {
                    removeTask(daemon, id);
                    ContainerRemoval.remove(daemon, id, false);
                    out.println(id);
                    out.flush();
                } catch (CommandFailure failure) {
                    err.println(ErrorLine.of(failure));
                    exitCode = 1;
                }
            }
        }
        return exitCode;
    }

    private void removeTask(Daemon daemon, String id) {
        Optional<Process> task = task(daemon, id);
        if (task.isEmpty()) {
            return;
        }
        Status status = task.get().getStatus();
        if (status != Status.STOPPED && status != Status.CREATED) {
            if (!force) {
                throw new CommandFailure("cannot remove container " + id + ": its task is " + status
                        + "; kill it first, or use -f");
            }
            KillRequest kill = KillRequest.newBuilder().setContainerId(id).setSignal(SIGKILL).setAll(true).build();
            daemon.call("failed to kill task " + id, TasksGrpc::newBlockingStub, stub -> stub.kill(kill));
            WaitRequest wait = WaitRequest.newBuilder().setContainerId(id).build();
            daemon.stream("failed to wait for task " + id, TasksGrpc::newBlockingStub, stub -> stub.wait(wait));
        }
        DeleteTaskRequest delete = DeleteTaskRequest.newBuilder().setContainerId(id).build();
        daemon.call("failed to delete task " + id, TasksGrpc::newBlockingStub, stub -> stub.delete(delete));
    }

    private static Optional<Process> task(Daemon daemon, String id) {
        GetRequest request = GetRequest.newBuilder().setContainerId(id).build();
        try {
            return Optional.of(daemon.call("failed to get task " + id, TasksGrpc::newBlockingStub,
                    stub -> stub.get(request)).getProcess());
        } catch (CommandFailure failure) {
            if (failure.code() == Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        }
    }
}
