package io.berth.runtime.shim;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Shim v2 task runtime",
        description = "containerd's [plugins.\"io.containerd.runtime.v2.task\"] section.")
@interface ShimManagerConfig {
    @AttributeDefinition(description = "Directories searched for containerd-shim-* binaries, ':'-separated;"
            + " empty: the daemon's PATH")
    String shim_search_path() default "";

    @AttributeDefinition(description = "runc's root for tasks whose runc options name none; empty: <state>/runc")
    String runc_root() default "";

    @AttributeDefinition(description = "How long a restarted daemon waits for each shim it reconnects to, in ms")
    long reconnect_timeout_ms() default 2000;

    @AttributeDefinition(description = "The runtime for clients that name none. Built in: runc, and crun (BinaryName"
            + " = \"crun\"); runtimes.<name> tables (runtime_type, privileged_without_host_devices, options) add more")
    String default_runtime_name() default "runc";
}
