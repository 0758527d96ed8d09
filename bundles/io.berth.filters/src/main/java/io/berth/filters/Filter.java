package io.berth.filters;

import org.osgi.annotation.versioning.ProviderType;

/** A parsed filter. Immutable and safe to share between threads. */
@ProviderType
public interface Filter {
    /** Whether the object behind the adaptor passes this filter. */
    boolean match(Adaptor adaptor);
}
