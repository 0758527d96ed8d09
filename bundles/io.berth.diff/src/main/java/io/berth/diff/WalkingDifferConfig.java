package io.berth.diff;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Walking differ",
        description = "containerd's [plugins.\"io.containerd.differ.v1.walking\"] section.")
@interface WalkingDifferConfig {
    @AttributeDefinition(description = "Largest uncompressed layer (tar stream) accepted, in bytes; "
            + "a layer that unpacks to more is refused")
    long max_uncompressed_size() default WalkingDiffer.DEFAULT_MAX_UNCOMPRESSED_SIZE;
}
