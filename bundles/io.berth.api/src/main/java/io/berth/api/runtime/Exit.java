package io.berth.api.runtime;

/**
 * How a process ended.
 *
 * @param pid the process id it had
 * @param status its exit status (128 + the signal's number when a signal ended it)
 * @param exitedAt when it ended; null when the runtime did not say
 */
public record Exit(int pid, int status, java.time.Instant exitedAt) {
}
