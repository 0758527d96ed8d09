package io.berth.snapshots.overlayfs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Overlay snapshotter",
        description = "containerd's [plugins.\"io.containerd.snapshotter.v1.overlayfs\"] section.")
@interface OverlayConfig {
    @AttributeDefinition(description = "Directory of the snapshots; empty: <root>/io.containerd.snapshotter.v1.overlayfs")
    String root_path() default "";

    @AttributeDefinition(description = "Extra options of every overlay mount (not of bind mounts), e.g. volatile")
    String[] mount_options() default {};
}
