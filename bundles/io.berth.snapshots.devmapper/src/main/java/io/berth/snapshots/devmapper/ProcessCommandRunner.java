package io.berth.snapshots.devmapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs commands as child processes of the daemon, their output and errors read as one text. */
final class ProcessCommandRunner implements CommandRunner {
    @Override
    public String run(List<String> argv) throws CommandFailure {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = process.waitFor();
            if (status != 0) {
                throw new CommandFailure(argv, "exit status " + status + (output.isEmpty() ? "" : ": " + output));
            }
            return output;
        } catch (IOException e) {
            throw new CommandFailure(argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(argv, e);
        }
    }
}
