package io.berth.api.metadata;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.berth.api.content.Digest;
import io.berth.api.content.Info;

/**
 * The blobs each namespace references, with that namespace's labels (containerd's namespaced content view):
 * a blob the content store holds is visible in a namespace only once that namespace references it.
 */
@ProviderType
public interface ContentReferences {
    /**
     * Adds the namespace's reference to a committed blob, creating the namespace when it does not exist yet,
     * as containerd does on a namespace's first write.
     *
     * @return the reference as stored
     * @throws io.berth.api.errors.BerthException ALREADY_EXISTS when the namespace references the blob already,
     *         INVALID_ARGUMENT for a label over the size limit
     */
    Info add(String namespace, Digest digest, long size, Map<String, String> labels);

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace does not reference the blob */
    Info get(String namespace, Digest digest);

    /**
     * Changes the labels of the namespace's reference, with the field paths of {@link NamespaceStore#update}:
     * none or {@code labels} replace them all, {@code labels.<key>} sets or removes one.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace does not reference the blob,
     *         INVALID_ARGUMENT for any other field path or a label over the size limit
     */
    Info update(String namespace, Digest digest, Map<String, String> labels, List<String> fieldPaths);

    /**
     * Removes the namespace's reference; the blob itself stays for garbage collection.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace does not reference the blob
     */
    void remove(String namespace, Digest digest);

    /** Every blob the namespace references, ordered by digest. */
    List<Info> list(String namespace);
}
