package io.berth.snapshots.nativefs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Native snapshotter",
        description = "containerd's [plugins.\"io.containerd.snapshotter.v1.native\"] section.")
@interface NativeConfig {
    @AttributeDefinition(description = "Directory of the snapshots; empty: <root>/io.containerd.snapshotter.v1.native")
    String root_path() default "";
}
