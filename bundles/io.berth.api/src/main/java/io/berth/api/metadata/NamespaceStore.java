package io.berth.api.metadata;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The namespaces of a {@link Transaction}, with containerd's rules. */
@ProviderType
public interface NamespaceStore {
    /**
     * Creates a namespace.
     *
     * @throws io.berth.api.errors.BerthException INVALID_ARGUMENT for a bad name or label,
     *         ALREADY_EXISTS when the namespace exists
     */
    Namespace create(Namespace namespace);

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when there is no such namespace */
    Namespace get(String name);

    /** Every namespace, ordered by name. */
    List<Namespace> list();

    /**
     * Changes a namespace's labels. With no field paths, or the path {@code labels}, the labels
     * become those given. The path {@code labels.<key>} sets that one label to its value among those
     * given, or removes it when it has none there. An empty label value removes the label. As in
     * containerd, an update that names a label makes the namespace when there is none of that name.
     *
     * @return the namespace as it is now
     * @throws io.berth.api.errors.BerthException NOT_FOUND when there is no such namespace and the update
     *         names no label, INVALID_ARGUMENT for any other field path, a label over the size limit or
     *         the name of a namespace to make that is not a valid one
     */
    Namespace update(Namespace namespace, List<String> fieldPaths);

    /**
     * Deletes an empty namespace, with its leases.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND when there is no such namespace,
     *         FAILED_PRECONDITION naming what it still holds (images, blobs, containers, snapshots)
     */
    void delete(String name);
}
