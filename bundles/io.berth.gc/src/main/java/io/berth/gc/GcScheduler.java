package io.berth.gc;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.berth.api.config.GoDurations;
import io.berth.api.content.ContentStore;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.gc.Collected;
import io.berth.api.gc.GarbageCollector;
import io.berth.api.metadata.MetadataListener;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.api.snapshots.Snapshotter;

/**
 * containerd's garbage collection scheduler, over the metadata, the content store and every snapshotter:
 * collections run one at a time on their own thread, shortly after start, on demand, on a fixed interval, and
 * after changes as containerd's scheduler runs them. That one looks every interval for a reason to collect: a
 * deletion since the last collection, or as many changes as the mutation threshold; enough deletions (the
 * deletion threshold) collect sooner, after the schedule delay. The interval keeps collections far enough apart
 * that they hold the metadata store at most {@code pause_threshold} of the time. Here nothing wakes while
 * nothing changed: a change that gives a reason schedules the collection for the moment containerd's next look
 * would have found it, or sooner.
 */
@Component(service = {GarbageCollector.class, MetadataListener.class}, immediate = true, configurationPid = GcScheduler.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {Plugin.TYPE + "=" + PluginType.GC, Plugin.ID + "=" + GcScheduler.ID})
@Designate(ocd = GcConfig.class)
public final class GcScheduler implements GarbageCollector, MetadataListener {
    static final String ID = "scheduler";
    static final String PID = PluginType.GC + "." + ID;
    /** containerd's interval before any collection was timed, and without a pause threshold. */
    private static final long FIRST_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long RETRY_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Map<String, Snapshotter> snapshotters = new ConcurrentHashMap<>();
    private final Collector collector;
    private final Logger log;
    private final ScheduledExecutorService thread;
    private final double pauseThreshold;
    private final int deletionThreshold;
    private final int mutationThreshold;
    private final long scheduleDelayNanos;

    private int deletions;
    private int mutations;
    private int collections;
    private long collectingNanos;
    private long intervalNanos = FIRST_INTERVAL_NANOS;
    /** When the last collection ended, by {@link System#nanoTime()}; meaningless before the first. */
    private long lastEndNanos;
    private boolean collecting;
    /** The next collection a change or the start scheduled, and when it is due; null: none. */
    private ScheduledFuture<?> next;
    private long nextDueNanos;

    @Activate
    public GcScheduler(@Reference MetadataStore metadata, @Reference ContentStore content,
                       @Reference(service = LoggerFactory.class) Logger log, GcConfig config) {
        this.collector = new Collector(metadata, content, () -> Map.copyOf(snapshotters),
                GoDurations.parse(config.ingest_max_age()));
        this.log = log;
        this.pauseThreshold = config.pause_threshold();
        this.deletionThreshold = config.deletion_threshold();
        this.mutationThreshold = config.mutation_threshold();
        this.scheduleDelayNanos = GoDurations.parse(config.schedule_delay()).toNanos();
        this.thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("berth-gc").daemon()
                .factory());
        long startupDelay = GoDurations.parse(config.startup_delay()).toNanos();
        if (startupDelay > 0) {
            synchronized (this) {
                scheduleAt(System.nanoTime() + startupDelay);
            }
        }
        long interval = GoDurations.parse(config.interval()).toNanos();
        if (interval > 0) {
            thread.scheduleWithFixedDelay(this::collectLogged, interval, interval, TimeUnit.NANOSECONDS);
        }
    }

    /** The latest snapshotter of an id is the one collected, as the snapshots service serves that one. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + Plugin.ID + "=*)")
    void addSnapshotter(Snapshotter snapshotter, Map<String, Object> properties) {
        snapshotters.put(String.valueOf(properties.get(Plugin.ID)), snapshotter);
    }

    void removeSnapshotter(Snapshotter snapshotter, Map<String, Object> properties) {
        snapshotters.remove(String.valueOf(properties.get(Plugin.ID)), snapshotter);
    }

    @Deactivate
    void stop() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Override
    public Collected collect() {
        try {
            return thread.submit(this::run).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.CANCELED, "interrupted while waiting for garbage collection", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BerthException failure ? failure
                    : new BerthException(ErrorKind.INTERNAL, "garbage collection failed: " + e.getCause(),
                            e.getCause());
        }
    }

    @Override
    public synchronized void committed(boolean deletion) {
        mutations++;
        // containerd's store stays dirty from a deletion until it is collected: each change since counts as one.
        if (deletion || deletions > 0) {
            deletions++;
        }
        if (collecting) {
            return;
        }
        long now = System.nanoTime();
        if (deletionThreshold > 0 && deletions >= deletionThreshold) {
            scheduleAt(now + scheduleDelayNanos);
        } else if (due()) {
            if (collections > 0) {
                scheduleAt(Math.max(now, lastEndNanos + intervalNanos));
            } else if (next == null) {
                scheduleAt(now + scheduleDelayNanos);
            }
        }
    }

    /** Whether the changes since the last collection give a reason for the next. */
    private boolean due() {
        return deletions > 0 || mutationThreshold > 0 && mutations >= mutationThreshold;
    }

    /** Keeps the earlier of the collection already scheduled and one due at the given time. */
    private void scheduleAt(long dueNanos) {
        if (next != null) {
            if (nextDueNanos <= dueNanos) {
                return;
            }
            next.cancel(false);
        }
        try {
            next = thread.schedule(this::scheduled, dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            nextDueNanos = dueNanos;
        } catch (RejectedExecutionException stopping) {
            next = null;
        }
    }

    /** A collection the start or changes scheduled: the first always runs, a later one only when still due. */
    private void scheduled() {
        synchronized (this) {
            // Unless a change scheduled a later one meanwhile, this was the one scheduled.
            if (next != null && nextDueNanos <= System.nanoTime()) {
                next = null;
            }
            if (collections > 0 && !due()) {
                return;
            }
        }
        collectLogged();
    }

    /** A collection that no caller waits for: its failure is logged, and the next one tries again. */
    private void collectLogged() {
        try {
            run();
        } catch (RuntimeException e) {
            log.error("garbage collection failed: {}", e.getMessage(), e);
        }
    }

    private Collected run() {
        synchronized (this) {
            deletions = 0;
            mutations = 0;
            collecting = true;
        }
        long began = System.nanoTime();
        Collected collected;
        try {
            collected = collector.collect(Instant.now());
        } catch (RuntimeException e) {
            ended(System.nanoTime() - began, true);
            throw e;
        }
        ended(System.nanoTime() - began, false);
        log.debug("garbage collected: {} references, {} leases, {} blobs, {} ingests, {} snapshot references, "
                + "{} snapshots in {} ms", collected.references(), collected.leases(), collected.blobs(),
                collected.ingests(), collected.snapshotReferences(), collected.snapshots(), collected.took().toMillis());
        return collected;
    }

    /**
     * After a collection: the next interval, and the collection that changes made meanwhile due. A failed one
     * left its garbage, so it is due again, a second later than otherwise, as containerd retries.
     */
    private synchronized void ended(long tookNanos, boolean failed) {
        collecting = false;
        collections++;
        collectingNanos += tookNanos;
        lastEndNanos = System.nanoTime();
        intervalNanos = interval(collectingNanos, collections, pauseThreshold);
        if (failed) {
            deletions = Math.max(deletions, 1);
        }
        if (!due()) {
            return;
        }
        if (failed) {
            scheduleAt(lastEndNanos + intervalNanos + RETRY_DELAY_NANOS);
        } else if (deletionThreshold > 0 && deletions >= deletionThreshold) {
            scheduleAt(lastEndNanos + scheduleDelayNanos);
        } else {
            scheduleAt(lastEndNanos + intervalNanos);
        }
    }

    /**
     * containerd's interval between collections: the time between them in which the average collection is the
     * pause threshold's share, or its first interval when no threshold is set.
     */
    static long interval(long collectingNanos, int collections, double pauseThreshold) {
        if (pauseThreshold <= 0) {
            return FIRST_INTERVAL_NANOS;
        }
        double average = (double) collectingNanos / collections;
        return (long) Math.max(0, average / pauseThreshold - average);
    }
}
