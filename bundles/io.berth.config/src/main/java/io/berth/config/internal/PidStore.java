package io.berth.config.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where configurations are kept: ConfigurationAdmin in the framework, a map in tests. */
interface PidStore {
    /** A configuration's properties, without those the store adds itself ({@code service.pid}); empty when none exists. */
    Optional<Map<String, Object>> properties(String pid) throws IOException;

    /** The PIDs of the configurations that have the property, whatever its value. */
    Set<String> pidsWithProperty(String key) throws IOException;

    /** Creates the configuration or replaces its properties. */
    void update(String pid, Map<String, Object> properties) throws IOException;

    void delete(String pid) throws IOException;
}
