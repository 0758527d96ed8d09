package io.berth.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.berth.api.runtime.ProcessStatus;

/** How berth:tasks lays out the tasks of a namespace. */
class TaskCommandsTest {
    @Test
    void eachTaskWithItsPidStatusAndRuntimeOrDashes() {
        String table = TaskCommands.table(List.of(
                new TaskCommands.Row("web", 4242, ProcessStatus.RUNNING, "io.containerd.runc.v2"),
                new TaskCommands.Row("gone", 0, ProcessStatus.UNKNOWN, "")));

        assertEquals("""
                TASK    PID     STATUS     RUNTIME
                web     4242    RUNNING    io.containerd.runc.v2
                gone    -       UNKNOWN    -""", table);
    }

    @Test
    void noTasksIsTheHeadingAlone() {
        assertEquals("TASK    PID    STATUS    RUNTIME", TaskCommands.table(List.of()));
    }
}
