package io.berth.content.local;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Local content store",
        description = "containerd's [plugins.\"io.containerd.content.v1.content\"] section.")
@interface LocalContentConfig {
    @AttributeDefinition(description = "Directory of blobs and ingests; empty: <root>/io.containerd.content.v1.content")
    String root_path() default "";
}
