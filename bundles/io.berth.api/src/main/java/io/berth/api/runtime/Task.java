package io.berth.api.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.berth.api.metadata.TypedValue;

/**
 * A container's running task, and the exec processes started in it. Process methods take an exec id; the empty
 * one names the task's own process. Every failure is a {@link io.berth.api.errors.BerthException} whose kind
 * is what the runtime said (NOT_FOUND for an unknown exec id, FAILED_PRECONDITION for a process in the wrong
 * state, UNAVAILABLE when the shim is gone).
 */
@ProviderType
public interface Task {
    /** The task's id: its container's. */
    String id();

    /** The namespace it runs in. */
    String namespace();

    /** The task process's pid. */
    int pid();

    /** A process's state. */
    ProcessState state(String execId);

    /**
     * Starts a created process.
     *
     * @return its pid
     */
    int start(String execId);

    /** Sends a signal to a process, or with {@code all} to every process of the task. */
    void kill(String execId, int signal, boolean all);

    /**
     * Adds an exec process (created, not started).
     *
     * @param spec the OCI process spec as the client serialized it
     */
    void exec(String execId, Stdio stdio, TypedValue spec);

    /** Resizes a process's terminal. */
    void resizePty(String execId, int width, int height);

    /** Closes a process's standard input. */
    void closeStdin(String execId);

    /** Freezes every process of the task. */
    void pause();

    /** Thaws a paused task. */
    void resume();

    /** The processes in the task's container. */
    List<ProcessInfo> pids();

    /**
     * Writes a checkpoint of the task's processes into a directory (for runc: CRIU's images), as containerd's
     * runtime does; with the runc shim's {@code exit} option the task stops once it is written.
     *
     * @param imagePath the directory the runtime writes the checkpoint into
     * @param options the runtime's checkpoint options as the client sent them (for runc:
     *        {@code containerd.runc.v1.CheckpointOptions}); null for the runtime's defaults
     */
    void checkpoint(Path imagePath, TypedValue options);

    /** Changes the task's resources (a serialized OCI {@code LinuxResources}) and annotations. */
    void update(TypedValue resources, Map<String, String> annotations);

    /** Waits until a process has exited. */
    Exit waitFor(String execId);

    /** The runtime's statistics of the task (for runc: cgroup metrics). */
    TypedValue stats();

    /** Removes an exited exec process. */
    Exit deleteProcess(String execId);

    /**
     * Removes the task once its process has exited: the runtime's state, the shim when no other task uses it,
     * the bundle and the root filesystem's mounts.
     *
     * @return how its process ended
     */
    Exit delete();
}
