package io.berth.api.runtime;

/**
 * Where a process's standard streams go, as the client set them up: usually FIFO paths the shim opens, or
 * URIs such as {@code binary://} and {@code file://} that the shim understands; empty when not wanted.
 *
 * @param stdin the path or URI of standard input; empty for none
 * @param stdout the path or URI of standard output; empty for none
 * @param stderr the path or URI of standard error; empty for none (and with a terminal)
 * @param terminal whether the process runs on a pseudo-terminal
 */
public record Stdio(String stdin, String stdout, String stderr, boolean terminal) {
    /** No streams at all. */
    public static final Stdio NONE = new Stdio("", "", "", false);

    public Stdio {
        stdin = stdin == null ? "" : stdin;
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }
}
