package io.berth.api.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * What the runtime knows of a task's process.
 *
 * @param containerId the task's (and its container's) id
 * @param execId the exec process's id; empty for the task's own process
 * @param pid the process id on the host; 0 when it has none yet
 * @param status its state
 * @param stdio its streams
 * @param exitStatus its exit status once stopped
 * @param exitedAt when it stopped; null while it has not
 */
public record ProcessState(String containerId, String execId, int pid, ProcessStatus status, Stdio stdio,
                           int exitStatus, Instant exitedAt) {
    public ProcessState {
        Objects.requireNonNull(containerId, "containerId");
        execId = execId == null ? "" : execId;
        Objects.requireNonNull(status, "status");
        stdio = stdio == null ? Stdio.NONE : stdio;
    }
}
