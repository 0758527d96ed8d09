package io.berth.snapshots.devmapper;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Devmapper snapshotter",
        description = "containerd's [plugins.\"io.containerd.snapshotter.v1.devmapper\"] section.")
@interface DevmapperConfig {
    @AttributeDefinition(description = "Directory of the device journal; empty: <root>/io.containerd.snapshotter.v1.devmapper")
    String root_path() default "";

    @AttributeDefinition(description = "Name of the thin pool in /dev/mapper, prepared beforehand; required")
    String pool_name() default "";

    @AttributeDefinition(description = "Size of each thin device, such as 10GB (1024-based units); required")
    String base_image_size() default "";

    @AttributeDefinition(description = "Accepted for containerd's sake: devices are always removed at once")
    boolean async_remove() default false;

    @AttributeDefinition(description = "Discard a device's blocks before removing it, giving space back to a loop file")
    boolean discard_blocks() default false;

    @AttributeDefinition(description = "File system of the devices: ext4 or xfs")
    String fs_type() default "ext4";

    @AttributeDefinition(description = "Extended options for mkfs.ext4 -E; empty: lazy initialisation off, no discard")
    String fs_options() default "";
}
