package io.berth.shell;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.berth.api.daemon.Daemon;
import io.berth.api.plugin.PluginInfo;
import io.berth.api.plugin.PluginRegistry;

/** {@code berth:version} and {@code berth:plugins}: what {@code ctr version} and {@code ctr plugins ls} show. */
@Component(service = DaemonCommands.class, property = {
    "osgi.command.scope=berth",
    "osgi.command.function=version",
    "osgi.command.function=plugins",
})
public final class DaemonCommands {
    private final Daemon daemon;
    private final PluginRegistry registry;

    @Activate
    public DaemonCommands(@Reference Daemon daemon, @Reference PluginRegistry registry) {
        this.daemon = daemon;
        this.registry = registry;
    }

    @Descriptor("show Berth's version, revision and directories")
    public String version() {
        return "Version:  " + daemon.version() + "\n"
                + "Revision: " + daemon.revision() + "\n"
                + "Root:     " + daemon.root() + "\n"
                + "State:    " + daemon.state();
    }

    @Descriptor("list the plugins, as ctr plugins ls does")
    public String plugins() {
        return PluginTable.render(registry.plugins());
    }

    @Descriptor("list the plugins of one type, e.g. io.containerd.grpc.v1")
    public String plugins(@Descriptor("plugin type") String type) {
        List<PluginInfo> ofType = registry.plugins().stream().filter(p -> p.type().equals(type)).toList();
        return PluginTable.render(ofType);
    }
}
