package io.berth.runtime.shim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Whether a process that is not the daemon's child still runs, from {@code /proc/<pid>/stat}. */
final class ProcessStates {
    private ProcessStates() {
    }

    /** False once the process is gone or a zombie: it has exited, only its parent has not reaped it yet. */
    static boolean running(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException vanishing) {
            return Files.exists(Path.of("/proc", Long.toString(pid)));
        }
        return state(stat) != 'Z' && state(stat) != 'X';
    }

    /** The state letter: the field after the command name, which is in parentheses and may hold anything. */
    static char state(String stat) {
        int end = stat.lastIndexOf(')');
        return end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
    }
}
