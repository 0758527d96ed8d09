package io.berth.api.metadata;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A container's record: what to run and with what, but not a running process (that is a task).
 *
 * @param id the container's id, unique in its namespace
 * @param labels its labels; never null
 * @param image the name of the image it was made from; empty when none
 * @param runtimeName the runtime that runs its tasks, for example {@code io.containerd.runc.v2}
 * @param runtimeOptions the runtime's options; null when none
 * @param spec the OCI runtime spec; null only in a container a client sent without one, which the store refuses
 * @param snapshotter the snapshotter holding its root filesystem; empty when none
 * @param snapshotKey the key of its root filesystem's active snapshot; empty when none
 * @param sandbox the id of the sandbox it belongs to; empty when none
 * @param extensions extra values clients keep with the container, by name; never null
 * @param createdAt when it was created; null in a container not stored yet, the store sets it
 * @param updatedAt when its record last changed; null in a container not stored yet, the store sets it
 */
public record Container(String id, Map<String, String> labels, String image, String runtimeName,
                        TypedValue runtimeOptions, TypedValue spec, String snapshotter, String snapshotKey,
                        String sandbox, Map<String, TypedValue> extensions, Instant createdAt,
                        Instant updatedAt) {
    public Container {
        Objects.requireNonNull(id, "id");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        image = image == null ? "" : image;
        runtimeName = runtimeName == null ? "" : runtimeName;
        snapshotter = snapshotter == null ? "" : snapshotter;
        snapshotKey = snapshotKey == null ? "" : snapshotKey;
        sandbox = sandbox == null ? "" : sandbox;
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }
}
