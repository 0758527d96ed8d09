package io.berth.remotes;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Registry client",
        description = "Where registry hosts are configured, in containerd's certs.d layout.")
@interface RemotesConfig {
    @AttributeDefinition(description = "Directory of <host[:port]>/hosts.toml files, read at every resolve")
    String config_path() default "/etc/berth/certs.d";
}
