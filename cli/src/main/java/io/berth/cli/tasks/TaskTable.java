package io.berth.cli.tasks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.berth.cli.TabWriter;
import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.v1.types.Process;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code berth ps}: each container joined with its task, as {@code ctr containers ls} and {@code ctr task ls}
 * would show them side by side; a container without a task has "-" for its pid and status.
 */
final class TaskTable {
    /** One container and what its task is doing; pid 0 and an empty status without a task. */
    record Row(String id, String image, String runtime, int pid, String status) {
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private TaskTable() {
    }

    static List<Row> join(List<Container> containers, List<Process> tasks) {
        Map<String, Process> byId = tasks.stream().collect(Collectors.toMap(Process::getId,
                Function.identity(), (first, second) -> first));
        return containers.stream().map(container -> {
            Process task = byId.get(container.getId());
            return new Row(container.getId(), container.getImage(), container.getRuntime().getName(),
                    task == null ? 0 : task.getPid(), task == null ? "" : task.getStatus().name());
        }).toList();
    }

    static void print(PrintWriter out, List<Row> rows) {
        TabWriter table = new TabWriter(out, 4, 4);
        table.println("CONTAINER\tIMAGE\tRUNTIME\tPID\tSTATUS\t");
        for (Row row : rows) {
            table.println(row.id() + "\t" + orDash(row.image()) + "\t" + row.runtime() + "\t"
                    + (row.status().isEmpty() ? "-" : Integer.toString(row.pid())) + "\t" + orDash(row.status()) + "\t");
        }
        table.flush();
    }

    /** The rows as a JSON array of objects with the table's fields; no task gives pid 0 and status "". */
    static void printJson(PrintWriter out, List<Row> rows) {
        out.println(GSON.toJson(rows));
        out.flush();
    }

    private static String orDash(String value) {
        return value.isEmpty() ? "-" : value;
    }
}
