package io.berth.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.v1.types.Process;
import io.berth.proto.containerd.v1.types.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** berth ps: containers joined with their tasks, as a ctr-like table and as JSON. */
class TaskTableTest {
    private static final List<Container> CONTAINERS = List.of(
            container("web", "registry.test/app:1"), container("idle", ""), container("done", "busybox:latest"));
    private static final List<Process> TASKS = List.of(
            Process.newBuilder().setId("web").setPid(4242).setStatus(Status.RUNNING).build(),
            Process.newBuilder().setId("done").setPid(77).setStatus(Status.STOPPED).build());

    @Test
    void eachContainerHasItsTasksPidAndStatusOrDashes() {
        StringWriter text = new StringWriter();

        TaskTable.print(new PrintWriter(text), TaskTable.join(CONTAINERS, TASKS));

        assertEquals("""
                CONTAINER    IMAGE                  RUNTIME                  PID     STATUS    \s
                web          registry.test/app:1    io.containerd.runc.v2    4242    RUNNING   \s
                idle         -                      io.containerd.runc.v2    -       -         \s
                done         busybox:latest         io.containerd.runc.v2    77      STOPPED   \s
                """, text.toString());
    }

    @Test
    void jsonHasTheSameFieldsWithZeroAndEmptyForNoTask() {
        StringWriter text = new StringWriter();

        TaskTable.printJson(new PrintWriter(text), TaskTable.join(CONTAINERS.subList(0, 2), TASKS));

        assertEquals("[{\"id\":\"web\",\"image\":\"registry.test/app:1\",\"runtime\":\"io.containerd.runc.v2\","
                + "\"pid\":4242,\"status\":\"RUNNING\"},{\"id\":\"idle\",\"image\":\"\",\"runtime\":"
                + "\"io.containerd.runc.v2\",\"pid\":0,\"status\":\"\"}]\n", text.toString());
    }

    private static Container container(String id, String image) {
        return Container.newBuilder().setId(id).setImage(image)
                .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2")).build();
    }
}
