package io.berth.gc;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * collections run one at a time on their own thread, shortly after start, when enough metadata transactions
 * committed (as the thresholds say), on a fixed interval, and on demand. Scheduled ones keep their distance so
 * that collections hold the metadata store at most {@code pause_threshold} of the time.
 */
@Component(service = {GarbageCollector.class, MetadataListener.class}, immediate = true, configurationPid = GcScheduler.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {Plugin.TYPE + "=" + PluginType.GC, Plugin.ID + "=" + GcScheduler.ID})
@Designate(ocd = GcConfig.class)
public final class GcScheduler implements GarbageCollector, MetadataListener {
    static final String ID = "scheduler";
    static final String PID = PluginType.GC + "." + ID;

    private final Map<String, Snapshotter> snapshotters = new ConcurrentHashMap<>();
    private final Collector collector;
    private final Logger log;
    private final ScheduledExecutorService thread;
    private final double pauseThreshold;
    private final int deletionThreshold;
    private final int mutationThreshold;
    private final Duration scheduleDelay;

    private int deletions;
    private int mutations;
    private boolean triggered;
    private long notBeforeNanos = System.nanoTime();

    @Activate
    public GcScheduler(@Reference MetadataStore metadata, @Reference ContentStore content,
                       @Reference(service = LoggerFactory.class) Logger log, GcConfig config) {
        this.collector = new Collector(metadata, content, () -> Map.copyOf(snapshotters),
                GoDurations.parse(config.ingest_max_age()));
        this.log = log;
        this.pauseThreshold = config.pause_threshold();
        this.deletionThreshold = config.deletion_threshold();
        this.mutationThreshold = config.mutation_threshold();
        this.scheduleDelay = GoDurations.parse(config.schedule_delay());
        this.thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("berth-gc").daemon()
                .factory());
        thread.schedule(this::scheduled, GoDurations.parse(config.startup_delay()).toNanos(), TimeUnit.NANOSECONDS);
        long interval = GoDurations.parse(config.interval()).toNanos();
        if (interval > 0) {
            thread.scheduleWithFixedDelay(this::scheduled, interval, interval, TimeUnit.NANOSECONDS);
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
        if (deletion) {
            deletions++;
        }
        boolean due = deletionThreshold > 0 && deletions >= deletionThreshold
                || mutationThreshold > 0 && mutations >= mutationThreshold && deletions > 0;
        if (due && !triggered && !thread.isShutdown()) {
            triggered = true;
            long wait = Math.max(scheduleDelay.toNanos(), notBeforeNanos - System.nanoTime());
            thread.schedule(this::scheduled, wait, TimeUnit.NANOSECONDS);
        }
    }

    /** A collection the scheduler started: its failure is logged, and the next one tries again. */
    private void scheduled() {
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
            triggered = false;
        }
        Collected collected = collector.collect(Instant.now());
        synchronized (this) {
            notBeforeNanos = System.nanoTime() + (long) (collected.took().toNanos() / pauseThreshold);
        }
        log.debug("garbage collected: {} references, {} leases, {} blobs, {} ingests, {} snapshot references, "
                + "{} snapshots in {} ms", collected.references(), collected.leases(), collected.blobs(),
                collected.ingests(), collected.snapshotReferences(), collected.snapshots(), collected.took().toMillis());
        return collected;
    }
}
