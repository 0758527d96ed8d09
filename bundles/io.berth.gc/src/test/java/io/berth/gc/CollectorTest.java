package io.berth.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.content.Status;
import io.berth.api.gc.Collected;
import io.berth.api.metadata.GcLabels;
import io.berth.api.metadata.Image;
import io.berth.api.metadata.IngestRefs;
import io.berth.api.metadata.Lease;
import io.berth.api.metadata.LeaseResource;
import io.berth.content.local.LocalContentStore;
import io.berth.metadata.sqlite.SqliteDatabase;

/** Collections on the real metadata database and the real content store. */
class CollectorTest {
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    Path dir;

    private SqliteDatabase metadata;
    private LocalContentStore content;

    @BeforeEach
    void open() throws IOException {
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        content = new LocalContentStore(dir.resolve("content"));
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    private Collector collector(Duration ingestMaxAge) {
        return new Collector(metadata, content, ingestMaxAge);
    }

    /** Commits a blob to the store and references it from the namespace with the labels. */
    private Digest blob(String namespace, String text, Map<String, String> labels) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, data);
        if (!onDisk().contains(digest)) {
            try (ContentWriter writer = content.writer(namespace + "-" + text, data.length, digest)) {
                writer.write(ByteBuffer.wrap(data));
                writer.commit(data.length, digest);
            }
        }
        metadata.write(tx -> tx.contents().add(namespace, digest, data.length, labels));
        return digest;
    }

    private List<Digest> onDisk() {
        List<Digest> digests = new ArrayList<>();
        content.walk(info -> true, info -> digests.add(info.digest()));
        return digests;
    }

    private void image(String namespace, String name, Digest target) {
        metadata.write(tx -> tx.images().create(namespace, new Image(name,
                new Descriptor(MANIFEST, target, 1, Map.of()), Map.of(), null, null)));
    }

    @Test
    void blobsNoNamespaceReferencesAreDeletedFromDiskAndTheRestStay() {
        Digest layer = blob("a", "layer", Map.of());
        Digest manifest = blob("a", "manifest", Map.of(GcLabels.REF_CONTENT + ".l.0", layer.toString()));
        Digest shared = blob("a", "shared", Map.of());
        blob("b", "shared", Map.of(GcLabels.ROOT, "yes"));
        Digest loose = blob("a", "loose", Map.of());
        image("a", "img", manifest);

        Collected collected = collector(Duration.ofDays(1)).collect(Instant.now());

        assertEquals(2, collected.references());
        assertEquals(1, collected.blobs());
        assertEquals(Set.of(layer, manifest, shared), Set.copyOf(onDisk()));
        assertFalse(onDisk().contains(loose));
    }

    @Test
    void deletingTheImageReleasesItsBlobsButNotThoseAnotherImageKeeps() {
        Digest common = blob("a", "common", Map.of());
        Digest first = blob("a", "first", Map.of(GcLabels.REF_CONTENT + ".l.0", common.toString()));
        Digest second = blob("a", "second", Map.of(GcLabels.REF_CONTENT + ".l.0", common.toString()));
        image("a", "one", first);
        image("a", "two", second);
        metadata.write(tx -> {
            tx.images().delete("a", "one");
            return null;
        });

        collector(Duration.ofDays(1)).collect(Instant.now());

        assertFalse(onDisk().contains(first));
        assertTrue(onDisk().containsAll(List.of(common, second)));
    }

    @Test
    void aLeaseKeepsBlobsUntilItExpires() {
        Digest leased = blob("a", "leased", Map.of());
        metadata.write(tx -> {
            tx.leases().create("a", new Lease("pull", Map.of(GcLabels.EXPIRE, "2030-01-01T00:00:00Z"), null));
            tx.leases().addResource("a", "pull", new LeaseResource(leased.toString(), LeaseResource.CONTENT));
            return null;
        });
        Collector collector = collector(Duration.ofDays(1));

        collector.collect(Instant.parse("2029-12-31T23:59:59Z"));
        assertTrue(onDisk().contains(leased));

        Collected collected = collector.collect(Instant.parse("2030-01-01T00:00:01Z"));
        assertEquals(1, collected.leases());
        assertFalse(onDisk().contains(leased));
    }

    @Test
    void idleIngestsGoUnlessALeaseHoldsThem() {
        for (String ref : List.of("idle", "held")) {
            try (ContentWriter writer = content.writer(IngestRefs.toStore("a", ref), 10, null)) {
                writer.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            }
        }
        metadata.write(tx -> {
            tx.leases().create("a", new Lease("l", Map.of(), null));
            tx.leases().addResource("a", "l", new LeaseResource("held", LeaseResource.INGESTS));
            return null;
        });

        assertEquals(0, collector(Duration.ofDays(1)).collect(Instant.now()).ingests());
        assertEquals(1, collector(Duration.ZERO).collect(Instant.now().plusSeconds(1)).ingests());

        assertEquals(List.of("a/held"), content.listStatuses(status -> true).stream().map(Status::ref).toList());
    }
}
