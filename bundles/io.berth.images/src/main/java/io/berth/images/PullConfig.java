package io.berth.images;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Image pulls",
        description = "containerd's [plugins.\"io.containerd.transfer.v1.local\"] section: how the daemon pulls.")
@interface PullConfig {
    /*
     * 3, as many as a pull fetches at once: each layer is applied as it downloads, and a node pulling several
     * images at once does not have every core decompressing.
     */
    @AttributeDefinition(description = "Layers applied at once, each in a snapshot of its own and as it "
            + "downloads, when the snapshotter can rebase (containerd 2.2's parallel unpack); 1: one after the "
            + "other, each once it is stored")
    int max_concurrent_unpacks() default 3;
}
