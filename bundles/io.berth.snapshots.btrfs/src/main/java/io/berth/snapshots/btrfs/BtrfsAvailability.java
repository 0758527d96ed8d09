package io.berth.snapshots.btrfs;

import java.io.IOException;
import java.util.Optional;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.berth.api.daemon.Daemon;

/**
 * Enables the btrfs snapshotter only where its root is on btrfs, as containerd skips the plugin elsewhere: a node
 * without btrfs is normal, not an error, so the plugin is listed as skipped and the reason logged at info.
 */
@Component(immediate = true, configurationPid = BtrfsSnapshotter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class BtrfsAvailability {
    @Activate
    public BtrfsAvailability(ComponentContext context, @Reference Daemon daemon, BtrfsConfig config,
                             @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        Optional<String> unusable = SnapshotSubvolumes.unusable(BtrfsSnapshotter.root(daemon, config));
        if (unusable.isEmpty()) {
            context.enableComponent(BtrfsSnapshotter.class.getName());
        } else {
            context.disableComponent(BtrfsSnapshotter.class.getName());
            log.info("skip loading plugin {}: {}", BtrfsSnapshotter.PID, unusable.get());
        }
    }
}
