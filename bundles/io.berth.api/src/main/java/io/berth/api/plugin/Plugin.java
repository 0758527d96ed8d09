package io.berth.api.plugin;

/**
 * Service properties that make an OSGi service a Berth plugin, in containerd's terms:
 * a type such as {@code io.containerd.grpc.v1} and an id unique within that type.
 */
public final class Plugin {
    /** containerd's plugin type string, e.g. {@code io.containerd.snapshotter.v1}. */
    public static final String TYPE = "berth.plugin.type";
    /** The plugin's id within its type, e.g. {@code overlayfs}. */
    public static final String ID = "berth.plugin.id";
    /** Plugin types this plugin needs ({@code String[]}); {@code *} means all of them. */
    public static final String REQUIRES = "berth.plugin.requires";
    /** Free-form capability names ({@code String[]}). */
    public static final String CAPABILITIES = "berth.plugin.capabilities";
    /** Platforms the plugin serves, as {@code os/arch[/variant]} ({@code String[]}). */
    public static final String PLATFORMS = "berth.plugin.platforms";
    /** Prefix of service properties exported as plugin exports, e.g. {@code berth.plugin.export.root}. */
    public static final String EXPORT_PREFIX = "berth.plugin.export.";

    private Plugin() {
    }
}
