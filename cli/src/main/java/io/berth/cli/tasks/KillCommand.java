package io.berth.cli.tasks;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.proto.containerd.services.tasks.v1.KillRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth kill}: signals a container's task, as {@code ctr task kill} does; SIGTERM unless told. */
@Command(name = "kill", description = "Signal a container's task")
public final class KillCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", defaultValue = "SIGTERM", converter = Signals.class,
            description = "Signal to send, by name (SIGKILL, KILL) or number (default: ${DEFAULT-VALUE})")
    private int signal;

    @Option(names = "--all", description = "Send the signal to every process of the task")
    private boolean all;

    @Option(names = "--exec-id", paramLabel = "ID", defaultValue = "", description = "Signal this exec process instead")
    private String execId;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Id of the container")
    private String id;

    @Override
    public Integer call() {
        KillRequest request = KillRequest.newBuilder().setContainerId(id).setExecId(execId).setSignal(signal)
                .setAll(all).build();
        try (Daemon daemon = Berth.of(spec).connect()) {
            daemon.call("failed to kill task " + id, TasksGrpc::newBlockingStub, stub -> stub.kill(request));
        }
        return 0;
    }
}
