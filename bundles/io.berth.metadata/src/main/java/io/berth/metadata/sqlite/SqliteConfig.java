package io.berth.metadata.sqlite;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "SQLite metadata store",
        description = "containerd's metadata plugin, on an SQLite database.")
@interface SqliteConfig {
    @AttributeDefinition(description = "Database file; empty: <root>/io.containerd.metadata.v1.sqlite/meta.db")
    String path() default "";

    @AttributeDefinition(description = "How long a connection waits for another one's lock, in milliseconds")
    int busy_timeout() default 10_000;
}
