package io.berth.runtime.shim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Whether a process that is not our child has ended, from its state in {@code /proc}. */
final class ProcessStates {
    private ProcessStates() {
    }

    /** True when the process is gone, or a zombie (or dead) that only waits to be reaped. */
    static boolean ended(long pid) {
        String stat;
        try {
            stat = Files.readAllLines(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8)
                    .getFirst();
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
        return endedState(stat);
    }

    /** Whether a {@code /proc/<pid>/stat} line shows a zombie or dead process. */
    static boolean endedState(String stat) {
        // The state follows the command name, which is in parentheses and may hold any character.
        int end = stat.lastIndexOf(')');
        char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
        return state == 'Z' || state == 'X';
    }
}
