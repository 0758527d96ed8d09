package io.berth.snapshots.btrfs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Btrfs snapshotter",
        description = "containerd's [plugins.\"io.containerd.snapshotter.v1.btrfs\"] section.")
@interface BtrfsConfig {
    @AttributeDefinition(description = "Directory of the snapshots, on a btrfs filesystem; "
            + "empty: <root>/io.containerd.snapshotter.v1.btrfs")
    String root_path() default "";
}
