package io.berth.log.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The {@code [debug]} section of config.toml, as containerd names it. */
@ObjectClassDefinition(
        id = DebugConfig.PID,
        name = "Berth logging",
        description = "The [debug] section of config.toml: how much the daemon writes to stderr.")
@interface DebugConfig {
    String PID = "io.berth.debug";

    @AttributeDefinition(
            description = "Least severe level written: trace, debug, info, warn, error, fatal or panic "
                    + "(fatal and panic mean error). At debug and trace, exceptions come with their stack traces.",
            options = {
                @Option(label = "trace", value = "trace"),
                @Option(label = "debug", value = "debug"),
                @Option(label = "info", value = "info"),
                @Option(label = "warn", value = "warn"),
                @Option(label = "error", value = "error"),
                @Option(label = "fatal", value = "fatal"),
                @Option(label = "panic", value = "panic"),
            })
    String level() default "info";
}
