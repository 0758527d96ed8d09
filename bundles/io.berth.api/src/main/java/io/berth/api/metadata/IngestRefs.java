package io.berth.api.metadata;

import java.util.Optional;

/**
 * Ingest refs as the content store keys them: a client's ref prefixed with its namespace, as containerd's
 * metadata layer does, so that two namespaces writing the same ref never share an ingest. A namespace name has
 * no '/', so the prefix cannot be confused.
 */
public final class IngestRefs {
    private static final char SEPARATOR = '/';

    private IngestRefs() {
    }

    public static String toStore(String namespace, String ref) {
        return namespace + SEPARATOR + ref;
    }

    /** The client's ref of a stored one, when it belongs to the namespace. */
    public static Optional<String> fromStore(String namespace, String storeRef) {
        String prefix = namespace + SEPARATOR;
        return storeRef.startsWith(prefix) ? Optional.of(storeRef.substring(prefix.length())) : Optional.empty();
    }
}
