package io.berth.config.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.berth.api.daemon.Daemon;

/**
 * The daemon's identity and directories. It needs no configuration to start (the defaults are
 * containerd's layout under berth's name); a changed root or state restarts it, and with it every
 * plugin that placed files there. Delayed, not immediate: it is activated when a plugin first asks
 * for it, by which time the config file has been loaded, so it does not create the default
 * directories when the file or a flag names others.
 */
@Component(configurationPid = DaemonConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DaemonConfig.class)
public final class BerthDaemon implements Daemon {
    /** Framework properties set by the launcher. */
    static final String VERSION_PROPERTY = "berth.version";
    static final String REVISION_PROPERTY = "berth.revision";

    private final String version;
    private final String revision;
    private final Path root;
    private final Path state;

    @Activate
    public BerthDaemon(BundleContext context, DaemonConfig config) throws IOException {
        this.version = Objects.requireNonNullElse(context.getProperty(VERSION_PROPERTY), "");
        this.revision = Objects.requireNonNullElse(context.getProperty(REVISION_PROPERTY), "");
        this.root = Path.of(config.root());
        this.state = Path.of(config.state());
        DaemonDirectories.prepare(root, state);
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String revision() {
        return revision;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Path state() {
        return state;
    }
}
