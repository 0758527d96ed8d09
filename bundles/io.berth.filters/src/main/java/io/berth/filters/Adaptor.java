package io.berth.filters;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * How a filter reads the object under test: one adaptor per object, written by the service that lists it.
 */
@ConsumerType
@FunctionalInterface
public interface Adaptor {
    /**
     * The value at a field path, such as {@code ["labels", "a.b"]} for {@code labels."a.b"}.
     *
     * @param fieldpath the path's components, unquoted; an unmodifiable list
     * @return the value, or empty when the object has no such field
     */
    Optional<String> field(List<String> fieldpath);
}
