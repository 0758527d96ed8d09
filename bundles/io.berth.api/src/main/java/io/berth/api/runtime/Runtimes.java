package io.berth.api.runtime;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The runtimes configured by name, and the one used when a client names none. */
@ProviderType
public interface Runtimes {
    /** The name of the runtime used when none is named. */
    String defaultName();

    /** The runtime configured under that name, if there is one. */
    Optional<RuntimeHandler> find(String name);

    /** Every configured runtime, ordered by name. */
    List<RuntimeHandler> list();
}
