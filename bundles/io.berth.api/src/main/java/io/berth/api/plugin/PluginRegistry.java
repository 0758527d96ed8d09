package io.berth.api.plugin;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Every plugin of this daemon: running, skipped and failed ones alike, so that a
 * plugin that could not start is listed with its error rather than missing.
 */
@ProviderType
public interface PluginRegistry {
    /** The plugins, ordered by type then id. */
    List<PluginInfo> plugins();
}
