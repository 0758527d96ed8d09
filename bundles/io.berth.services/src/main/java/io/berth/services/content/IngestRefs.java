package io.berth.services.content;

import java.util.Optional;

/**
 * Ingest refs as the content store keys them: prefixed with the namespace, as containerd's metadata
 * layer does, so that two namespaces writing the same ref never share an ingest. A namespace name has
 * no '/', so the prefix cannot be confused.
 */
final class IngestRefs {
    private static final char SEPARATOR = '/';

    private IngestRefs() {
    }

    static String toStore(String namespace, String ref) {
        return namespace + SEPARATOR + ref;
    }

    /** The client's ref of a stored one, when it belongs to the namespace. */
    static Optional<String> fromStore(String namespace, String storeRef) {
        String prefix = namespace + SEPARATOR;
        return storeRef.startsWith(prefix) ? Optional.of(storeRef.substring(prefix.length())) : Optional.empty();
    }
}
