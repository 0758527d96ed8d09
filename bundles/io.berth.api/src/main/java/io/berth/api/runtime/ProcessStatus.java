package io.berth.api.runtime;

/** A process's state, as containerd's task types name them. */
public enum ProcessStatus {
    UNKNOWN,
    CREATED,
    RUNNING,
    STOPPED,
    PAUSED,
    PAUSING
}
