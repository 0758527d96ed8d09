package io.berth.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.Container;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.runtime.ProcessState;
import io.berth.api.runtime.ProcessStatus;
import io.berth.api.runtime.Task;
import io.berth.api.runtime.TaskManager;

/**
 * {@code berth:tasks}: the tasks of a namespace as the task runtime knows them, with the runtime their
 * container names; a task whose shim no longer answers shows its status as UNKNOWN.
 */
@Component(service = TaskCommands.class, property = {
    "osgi.command.scope=berth",
    "osgi.command.function=tasks",
})
public final class TaskCommands {
    /** One task's line; pid 0 for a task whose shim did not answer. */
    record Row(String id, int pid, ProcessStatus status, String runtime) {
    }

    private final TaskManager tasks;
    private final MetadataStore metadata;

    @Activate
    public TaskCommands(@Reference TaskManager tasks, @Reference MetadataStore metadata) {
        this.tasks = tasks;
        this.metadata = metadata;
    }

    @Descriptor("list the tasks of a namespace: id, pid, status and runtime")
    public String tasks(
            @Descriptor("namespace") @Parameter(names = "-n", absentValue = "default") String namespace) {
        List<Row> rows = new ArrayList<>();
        for (Task task : tasks.list(namespace)) {
            String runtime = container(namespace, task.id()).map(Container::runtimeName).orElse("");
            rows.add(state(task, runtime));
        }
        return table(rows);
    }

    static String table(List<Row> rows) {
        TextTable table = new TextTable("TASK", "PID", "STATUS", "RUNTIME");
        rows.forEach(row -> table.row(row.id(), row.pid() == 0 ? "-" : Integer.toString(row.pid()),
                row.status().name(), row.runtime().isEmpty() ? "-" : row.runtime()));
        return table.render();
    }

    private static Row state(Task task, String runtime) {
        try {
            ProcessState state = task.state("");
            return new Row(task.id(), state.pid(), state.status(), runtime);
        } catch (BerthException e) {
            return new Row(task.id(), task.pid(), ProcessStatus.UNKNOWN, runtime);
        }
    }

    private Optional<Container> container(String namespace, String id) {
        try {
            return Optional.of(metadata.read(tx -> tx.containers().get(namespace, id)));
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
