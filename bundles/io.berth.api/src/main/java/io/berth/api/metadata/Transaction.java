package io.berth.api.metadata;

import org.osgi.annotation.versioning.ProviderType;

/** One transaction of the {@link MetadataStore}: the record stores as that transaction sees them. */
@ProviderType
public interface Transaction {
    /** The namespaces and their labels. */
    NamespaceStore namespaces();

    /** The blobs each namespace references, and their labels. */
    ContentReferences contents();

    /** The images of each namespace. */
    ImageStore images();
}
