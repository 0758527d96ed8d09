package io.berth.gc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Garbage collection scheduler",
        description = "containerd's [plugins.\"io.containerd.gc.v1.scheduler\"] section, and Berth's own settings.")
@interface GcConfig {
    @AttributeDefinition(description = "Largest share of time collections may hold the metadata store: after a "
            + "collection that took t, the next scheduled one waits at least t / pause_threshold")
    double pause_threshold() default 0.02;

    @AttributeDefinition(description = "Deletions that start a collection; 0: deletions alone never do")
    int deletion_threshold() default 0;

    @AttributeDefinition(description = "Changes that start a collection once at least one of them was a deletion; "
            + "0: never")
    int mutation_threshold() default 100;

    @AttributeDefinition(description = "How long a triggered collection waits, as a Go duration (e.g. 100ms)")
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
