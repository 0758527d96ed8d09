package io.berth.api.plugin;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row of the plugin registry: what containerd's introspection service reports.
 *
 * @param type containerd's plugin type string
 * @param id the plugin's id within its type
 * @param requires the plugin types it needs
 * @param platforms the platforms it serves, {@code os/arch[/variant]}
 * @param exports values it makes known to clients (e.g. its root directory)
 * @param capabilities capability names
 * @param status whether it started, was skipped, or failed
 * @param message why it was skipped or failed; empty when it runs
 */
public record PluginInfo(String type, String id, List<String> requires, List<String> platforms,
                         Map<String, String> exports, List<String> capabilities,
                         Status status, String message) {

    /** How a plugin fared at start. */
    public enum Status {
        /** Running. */
        OK,
        /** Deliberately not started (disabled, or not applicable on this host). */
        SKIP,
        /** Failed to start; the message says why. */
        ERROR
    }

    public PluginInfo {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        requires = List.copyOf(requires);
        platforms = List.copyOf(platforms);
        exports = Map.copyOf(exports);
        capabilities = List.copyOf(capabilities);
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }
}
