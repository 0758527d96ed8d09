package io.berth.cli.tasks;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.OutputFormat;
import io.berth.proto.containerd.services.containers.v1.ContainersGrpc;
import io.berth.proto.containerd.services.containers.v1.ListContainersRequest;
import io.berth.proto.containerd.services.tasks.v1.ListTasksRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.v1.types.Process;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code berth ps}: the namespace's containers with their tasks' pids and states. */
@Command(name = "ps", description = "List containers with the pid and state of their tasks")
public final class PsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Berth berth = Berth.of(spec);
        List<Container> containers;
        List<Process> tasks;
        try (Daemon daemon = berth.connect()) {
            containers = daemon.call("failed to list containers", ContainersGrpc::newBlockingStub,
                    stub -> stub.list(ListContainersRequest.getDefaultInstance())).getContainersList();
            tasks = daemon.call("failed to list tasks", TasksGrpc::newBlockingStub,
                    stub -> stub.list(ListTasksRequest.getDefaultInstance())).getTasksList();
        }
        List<TaskTable.Row> rows = TaskTable.join(containers, tasks);
        PrintWriter out = spec.commandLine().getOut();
        if (berth.format() == OutputFormat.JSON) {
            TaskTable.printJson(out, rows);
        } else {
            TaskTable.print(out, rows);
        }
        return 0;
    }
}
