package io.berth.gc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Garbage collection scheduler",
        description = "containerd's [plugins.\"io.containerd.gc.v1.scheduler\"] section, and Berth's own settings.")
@interface GcConfig {
    @AttributeDefinition(description = "Largest share of time collections may hold the metadata store: a change "
            + "is collected once the interval since the last collection, in which the average one takes this share, "
            + "has gone by; 0: an interval of 1s")
    double pause_threshold() default 0.02;

    @AttributeDefinition(description = "Changes since a deletion that start a collection after schedule_delay, "
            + "without waiting for the interval; 0: none do, and a deletion is collected after the interval")
    int deletion_threshold() default 0;

    @AttributeDefinition(description = "Changes that are collected after the interval, even when none deleted "
            + "anything; 0: only deletions are")
    int mutation_threshold() default 100;

    @AttributeDefinition(description = "How long a collection that deletion_threshold started waits, as a Go "
            + "duration (e.g. 100ms)")
    String schedule_delay() default "0ms";

    @AttributeDefinition(description = "How long after start the first collection runs, as a Go duration")
    String startup_delay() default "100ms";

    @AttributeDefinition(description = "Berth's own: how often a collection runs whatever changed, as a Go "
            + "duration; 0: only when triggered")
    String interval() default "1h";

    @AttributeDefinition(description = "Berth's own: how long an ingest no lease holds may stay idle before a "
            + "collection removes it, as a Go duration")
    String ingest_max_age() default "24h";
}
