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
        scheduler.stop();
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

    @Test
    void enoughDeletionsStartACollection() throws InterruptedException {
        start(Map.of("startup_delay", "1h", "interval", "0", "deletion_threshold", 2, "pause_threshold", 1.0));
        Digest garbage = unreferencedBlob((byte) 2);
        scheduler.committed(true);
        scheduler.committed(false);
        assertTrue(onDisk().contains(garbage), "one deletion of two must not start a collection");
        scheduler.committed(true);
        while (onDisk().contains(garbage)) {
            Thread.sleep(10);
        }
    }

    @Test
    void changesWithoutADeletionNeverStartOne() {
        start(Map.of("startup_delay", "1h", "interval", "0", "mutation_threshold", 1));
        Digest garbage = unreferencedBlob((byte) 3);
        for (int i = 0; i < 5; i++) {
            scheduler.committed(false);
        }
        // A collection on demand runs after any the changes scheduled: had one run, it removed the blob already.
        assertEquals(1, scheduler.collect().blobs());
        assertFalse(onDisk().contains(garbage));
    }

    @Test
    void theFirstCollectionRunsAfterTheStartupDelay() throws InterruptedException {
        Digest garbage = unreferencedBlob((byte) 4);
        start(Map.of("startup_delay", "1ms", "interval", "0"));
        while (onDisk().contains(garbage)) {
            Thread.sleep(10);
        }
    }
}
