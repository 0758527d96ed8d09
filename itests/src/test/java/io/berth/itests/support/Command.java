package io.berth.itests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion and keeps what it printed. */
public final class Command {
    /** What a finished program left: exit status, standard output and standard error. */
    public record Result(int exit, String out, String err) {
        public Result expectSuccess() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    private Command() {
    }

    public static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, Path.of("/dev/null"));
    }

    /** Runs the program with its standard input read from {@code input}. */
    public static Result run(List<String> command, Path input) throws IOException, InterruptedException {
        return run(command, ProcessBuilder.Redirect.from(input.toFile()));
    }

    /**
     * Runs a shell command line on a terminal of its own, with script(1). Its input is a pipe that stays open and
     * silent until it ends: at the end of its input script sends the terminal's end-of-file character, which would
     * reach the command as a byte of input once it has put the terminal in raw mode.
     */
    public static Result inTerminal(String commandLine) throws IOException, InterruptedException {
        return run(List.of("script", "-qec", commandLine, "/dev/null"), ProcessBuilder.Redirect.PIPE);
    }

    private static Result run(List<String> command, ProcessBuilder.Redirect input)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("berth-out", ".txt");
        Path err = Files.createTempFile("berth-err", ".txt");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(input)
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after 120 s: " + command);
            }
            process.getOutputStream().close();
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    public static Result run(Object... command) throws IOException, InterruptedException {
        List<String> words = new ArrayList<>();
        for (Object word : command) {
            words.add(word.toString());
        }
        return run(words);
    }
}
