package io.berth.config.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The top-level keys of config.toml that the daemon itself uses. */
@ObjectClassDefinition(
        id = DaemonConfig.PID,
        name = "Berth daemon",
        description = "The top-level keys of config.toml: where the daemon keeps its data and its state.")
@interface DaemonConfig {
    String PID = "io.berth.daemon";

    @AttributeDefinition(description = "Persistent data; each plugin keeps its own under <root>/<plugin type>.<id>. "
            + "An absolute path; created with mode 0711 when missing.")
    String root() default "/var/lib/berth";

    @AttributeDefinition(description = "Volatile state (sockets, shim bundles), usually on tmpfs; each plugin keeps "
            + "its own under <state>/<plugin type>.<id>. An absolute path, other than root; created with mode 0711 "
            + "when missing.")
    String state() default "/run/berth";
}
