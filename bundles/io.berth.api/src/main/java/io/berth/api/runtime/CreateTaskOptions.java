package io.berth.api.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import io.berth.api.metadata.TypedValue;
import io.berth.api.snapshots.Mount;

/**
 * What a task is created from: mostly its container's record, plus what the client asked for this task.
 *
 * @param runtime a name of the configured {@link Runtimes} such as {@code crun}, a runtime type such as
 *        {@code io.containerd.runc.v2}, or an absolute path to a shim binary
 * @param spec the OCI runtime spec, written to the bundle's {@code config.json}
 * @param rootfs the mounts that make up the root filesystem, in order; the shim mounts them
 * @param stdio the task process's streams
 * @param runtimeOptions the container's runtime options; null when none
 * @param taskOptions options for this task, which win over the runtime options; null when none
 * @param checkpoint a directory holding a checkpoint (for runc: CRIU images) the task is restored from rather than
 *        started afresh; the task manager takes it over and removes it with the task; null for none
 */
public record CreateTaskOptions(String runtime, TypedValue spec, List<Mount> rootfs, Stdio stdio,
                                TypedValue runtimeOptions, TypedValue taskOptions, Path checkpoint) {
    public CreateTaskOptions {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(spec, "spec");
        rootfs = rootfs == null ? List.of() : List.copyOf(rootfs);
        stdio = stdio == null ? Stdio.NONE : stdio;
    }

    /** A task started afresh, from no checkpoint. */
    public CreateTaskOptions(String runtime, TypedValue spec, List<Mount> rootfs, Stdio stdio,
                             TypedValue runtimeOptions, TypedValue taskOptions) {
        this(runtime, spec, rootfs, stdio, runtimeOptions, taskOptions, null);
    }

    /** The options the shim gets: the task's when given, else the container's; null when neither. */
    public TypedValue shimOptions() {
        return taskOptions != null && taskOptions.value().length > 0 ? taskOptions : runtimeOptions;
    }
}
