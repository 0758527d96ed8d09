package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * A namespace of the container.
 *
 * @param type {@code pid}, {@code network}, {@code mount}, {@code ipc}, {@code uts}, {@code user},
 *        {@code cgroup} or {@code time}
 * @param path an existing namespace to join; empty for a new one
 */
public record Namespace(@JsonInclude(Include.ALWAYS) String type, @JsonInclude(Include.NON_EMPTY) String path) {
    public Namespace(String type) {
        this(type, "");
    }
}
