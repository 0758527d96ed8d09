package io.berth.api.daemon;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The daemon itself: its build and the directories where plugins keep their data
 * ({@code <root>/<plugin uri>}) and their volatile state ({@code <state>/<plugin uri>}).
 */
@ProviderType
public interface Daemon {
    /** Berth's release, e.g. {@code 0.1.0}. */
    String version();

    /** The source revision it was built from, or empty when unknown. */
    String revision();

    /** Persistent data, {@code /var/lib/berth} by default. */
    Path root();

    /** Volatile state, {@code /run/berth} by default. */
    Path state();

    /** A plugin's persistent directory, e.g. {@code <root>/io.containerd.content.v1.content}. */
    default Path pluginRoot(String type, String id) {
        return root().resolve(type + "." + id);
    }

    /** A plugin's volatile directory, e.g. {@code <state>/io.containerd.runtime.v2.task}. */
    default Path pluginState(String type, String id) {
        return state().resolve(type + "." + id);
    }
}
