package io.berth.cli.stdio;

import io.berth.cli.CommandFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * This program's terminal in raw mode while a process uses it, set and restored with stty(1) on standard input
 * (no native code); and its size, now and whenever it changes.
 */
public final class Terminal implements AutoCloseable {
    /** Columns and rows. */
    public record Size(int width, int height) {
        /** Parses stty's "ROWS COLUMNS". */
        static Optional<Size> parse(String sttySize) {
            String[] words = sttySize.strip().split("\\s+");
            if (words.length != 2) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Size(Integer.parseInt(words[1]), Integer.parseInt(words[0])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    private final String saved;

    private Terminal(String saved) {
        this.saved = saved;
    }

    /** Whether standard input is a terminal; -t needs one, as ctr's does. */
    public static boolean isStandardInputATerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    /** Puts the terminal in raw mode, without echo; {@link #close} puts back what it was. */
    public static Terminal raw() {
        if (!isStandardInputATerminal()) {
            throw new CommandFailure("-t needs a terminal on standard input");
        }
        String saved = stty("-g").strip();
        stty("raw", "-echo");
        return new Terminal(saved);
    }

    /** The size of the terminal on standard input, without changing its mode; empty when it has none. */
    public static Optional<Size> currentSize() {
        return isStandardInputATerminal() ? Size.parse(stty("size")) : Optional.empty();
    }

    /** Calls {@code resized} with the new size each time the terminal is resized (SIGWINCH). */
    public void onResize(Consumer<Size> resized) {
        Signal.handle(new Signal("WINCH"), signal -> currentSize().ifPresent(resized));
    }

    @Override
    public void close() {
        stty(saved);
    }

    private static String stty(String... arguments) {
        List<String> command = new ArrayList<>(List.of("stty"));
        command.addAll(List.of(arguments));
        try {
            Process stty = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (stty.waitFor() != 0) {
                throw new CommandFailure("stty " + String.join(" ", arguments) + " failed");
            }
            return output;
        } catch (IOException e) {
            throw new CommandFailure("stty: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("stty: interrupted", e);
        }
    }
}
