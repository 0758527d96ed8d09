package io.berth.api.runtime;

import io.berth.api.metadata.TypedValue;

/**
 * One process in a task's container.
 *
 * @param pid its process id on the host
 * @param info what the runtime adds about it (the runc shim: the exec id); null when nothing
 */
public record ProcessInfo(int pid, TypedValue info) {
}
