package io.berth.launcher;

import java.util.function.Consumer;

import sun.misc.Signal;

/** SIGTERM and SIGINT, which end the daemon cleanly instead of killing the JVM mid-stop. */
final class TerminationSignals {
    private TerminationSignals() {
    }

    /** Calls {@code onSignal} with the signal's name ({@code TERM}, {@code INT}) on each arrival. */
    static void install(Consumer<String> onSignal, Log log) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> onSignal.accept(name));
            } catch (IllegalArgumentException e) {
                // The JVM keeps the signal for itself (-Xrs): the default handling stays.
                log.warn("cannot handle SIG" + name + ": " + e.getMessage());
            }
        }
    }
}
