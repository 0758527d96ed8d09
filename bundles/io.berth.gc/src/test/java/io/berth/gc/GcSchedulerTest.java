package io.berth.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.content.local.LocalContentStore;
import io.berth.metadata.sqlite.SqliteDatabase;

class GcSchedulerTest {
    @TempDir
    Path dir;

    private SqliteDatabase metadata;
    private LocalContentStore content;
    private GcScheduler scheduler;

    @BeforeEach
    void open() throws IOException {
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        content = new LocalContentStore(dir.resolve("content"));
    }

    @AfterEach
    void close() throws InterruptedException {
        if (scheduler != null) {
            scheduler.stop();
        }
        metadata.close();
    }

    private GcScheduler start(Map<String, Object> settings) {
        scheduler = new GcScheduler(metadata, content, silentLogger(), config(settings));
        return scheduler;
    }

    private static Logger silentLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
    }

    /** The configuration DS would build: the settings given, the defaults of GcConfig for the rest. */
    private static GcConfig config(Map<String, Object> settings) {
        return (GcConfig) Proxy.newProxyInstance(GcConfig.class.getClassLoader(), new Class<?>[] {GcConfig.class},
                (proxy, method, args) -> method.getName().equals("annotationType")
                        ? (Class<? extends Annotation>) GcConfig.class
                        : settings.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    /** Commits a blob to the content store that nothing references. */
    private Digest unreferencedBlob(byte value) {
        byte[] data = {value};
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, data);
        try (ContentWriter writer = content.writer("w" + value, 1, digest)) {
            writer.write(ByteBuffer.wrap(data));
            writer.commit(1, digest);
        }
        return digest;
    }

    private List<Digest> onDisk() {
        List<Digest> digests = new ArrayList<>();
        content.walk(info -> true, info -> digests.add(info.digest()));
        return digests;
    }

    @Test
    void collectRunsNowAndReportsWhatItRemoved() {
        start(Map.of("startup_delay", "1h", "interval", "0"));
        Digest garbage = unreferencedBlob((byte) 1);
        assertEquals(1, scheduler.collect().blobs());
        assertFalse(onDisk().contains(garbage));
        assertEquals(0, scheduler.collect().blobs());
    }

    /** Waits for a collection to remove the blob; the limit is for liveness, not a speed bound. */
    private void awaitGone(Digest garbage) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (onDisk().contains(garbage) && System.nanoTime() < giveUp) {
            Thread.sleep(10);
        }
        assertFalse(onDisk().contains(garbage), "no collection removed " + garbage);
    }

    @Test
    void enoughChangesSinceADeletionStartACollectionBeforeTheFirstScheduledOne() throws InterruptedException {
        start(Map.of("startup_delay", "1h", "interval", "0", "deletion_threshold", 2));
        Digest garbage = unreferencedBlob((byte) 2);
        scheduler.committed(true);
        assertTrue(onDisk().contains(garbage), "one change of two must not start a collection");
        // Any change after a deletion counts toward the threshold, as containerd's store stays dirty until collected.
        scheduler.committed(false);
        awaitGone(garbage);
    }

    @Test
    void aDeletionIsCollectedOnceTheIntervalSinceTheLastCollectionHasGoneBy() throws InterruptedException {
        start(Map.of("startup_delay", "1h", "interval", "0", "pause_threshold", 0.5));
        scheduler.collect();
        Digest garbage = unreferencedBlob((byte) 5);
        scheduler.committed(true);
        awaitGone(garbage);
    }

    @Test
    void aDeletionWaitsForTheIntervalThatThePauseThresholdSets() {
        // The interval is a million times the collection's time: minutes at the least.
        start(Map.of("startup_delay", "1h", "interval", "0", "pause_threshold", 0.000001));
        scheduler.collect();
        Digest garbage = unreferencedBlob((byte) 6);
        scheduler.committed(true);
        assertEquals(1, scheduler.collect().blobs());
        assertFalse(onDisk().contains(garbage));
    }

    @Test
    void changesBelowTheMutationThresholdWithoutADeletionStartNone() {
        start(Map.of("startup_delay", "1h", "interval", "0", "mutation_threshold", 3, "pause_threshold", 1.0));
        scheduler.collect();
        Digest garbage = unreferencedBlob((byte) 3);
        scheduler.committed(false);
        scheduler.committed(false);
        // With an interval of 0, a collection the changes scheduled would have run before this one on demand.
        assertEquals(1, scheduler.collect().blobs());
        assertFalse(onDisk().contains(garbage));
    }

    @Test
    void asManyChangesAsTheMutationThresholdStartOneWithoutADeletion() throws InterruptedException {
        start(Map.of("startup_delay", "1h", "interval", "0", "mutation_threshold", 3, "pause_threshold", 1.0));
        scheduler.collect();
        Digest garbage = unreferencedBlob((byte) 7);
        for (int i = 0; i < 3; i++) {
            scheduler.committed(false);
        }
        awaitGone(garbage);
    }

    @Test
    void theIntervalGivesTheAverageCollectionThePauseThresholdsShareOfTime() {
        long twoMillis = TimeUnit.MILLISECONDS.toNanos(2);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(98), GcScheduler.interval(2 * twoMillis, 2, 0.02));
        assertEquals(0, GcScheduler.interval(twoMillis, 1, 1.0));
        assertEquals(TimeUnit.SECONDS.toNanos(1), GcScheduler.interval(twoMillis, 1, 0));
    }

    @Test
    void theFirstCollectionRunsAfterTheStartupDelay() throws InterruptedException {
        Digest garbage = unreferencedBlob((byte) 4);
        start(Map.of("startup_delay", "1ms", "interval", "0"));
        awaitGone(garbage);
    }
}
