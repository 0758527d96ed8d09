package io.berth.cli.tasks;

import java.util.List;
import java.util.function.IntConsumer;
import sun.misc.Signal;

/**
 * The signals this program gets while a process without a terminal runs in the foreground, passed on to that
 * process as ctr passes them on; with a terminal, the keyboard's signals travel as bytes through it instead.
 */
final class SignalForwarding {
    /** The ones a user sends to stop or nudge a process; the JVM keeps the rest (QUIT prints its threads). */
    private static final List<String> FORWARDED = List.of("HUP", "INT", "TERM", "USR1");

    private SignalForwarding() {
    }

    static void start(IntConsumer send) {
        for (String name : FORWARDED) {
            try {
                Signal.handle(new Signal(name), signal -> send.accept(signal.getNumber()));
            } catch (IllegalArgumentException taken) {
                // This JVM reserves the signal for itself; it stays with the JVM.
            }
        }
    }
}
