package io.berth.runtime.shim;

/**
 * What the task runtime reads from the configuration: the daemon's gRPC socket from {@code [grpc]} (shims are
 * told it, and publish events to the ttrpc socket beside it) and its own section,
 * {@code [plugins."io.containerd.runtime.v2.task"]}.
 */
@interface ShimManagerConfig {
    /** The daemon's gRPC socket, {@code [grpc] address}. */
    String address() default "/run/berth/berth.sock";

    /** Directories searched for shim binaries, {@code :}-separated; empty: the daemon's {@code PATH}. */
    String shim_search_path() default "";

    /** runc's root for tasks whose runc options name none; empty: {@code <state>/runc}. */
    String runc_root() default "";

    /** How long a restarted daemon waits for each shim it reconnects to, in milliseconds. */
    long reconnect_timeout_ms() default 2000;
}
