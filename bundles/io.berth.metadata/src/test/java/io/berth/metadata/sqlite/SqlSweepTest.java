package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.content.Info;
import io.berth.api.metadata.GcLabels;
import io.berth.api.metadata.Image;
import io.berth.api.metadata.Lease;
import io.berth.api.metadata.LeaseResource;
import io.berth.api.metadata.Sweep;
import io.berth.api.metadata.Transaction;

class SqlSweepTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    Path dir;

    private SqliteDatabase db;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Digest digest(String name) {
        return Digest.compute(DigestAlgorithm.SHA256, name.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a blob to the namespace, labelled with references to the other blobs named. */
    private static void blob(Transaction tx, String namespace, String name, Map<String, String> labels) {
        tx.contents().add(namespace, digest(name), 1, labels);
    }

    private static Map<String, String> refs(String... names) {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            labels.put(GcLabels.REF_CONTENT + ".l." + i, digest(names[i]).toString());
        }
        return labels;
    }

    private Sweep sweep(Instant now) {
        return db.write(tx -> tx.sweep(now));
    }

    private Set<Digest> left(String namespace) {
        return db.read(tx -> tx.contents().list(namespace)).stream().map(Info::digest).collect(Collectors.toSet());
    }

    @Test
    void anImageKeepsItsTargetAndWhatItsLabelsReferenceTransitively() {
        db.write(tx -> {
            blob(tx, "a", "manifest", Map.of(GcLabels.REF_CONTENT + ".config", digest("config").toString(),
                    GcLabels.REF_CONTENT + ".l.0", digest("layer").toString()));
            blob(tx, "a", "config", Map.of());
            blob(tx, "a", "layer", refs("deep"));
            blob(tx, "a", "deep", Map.of());
            blob(tx, "a", "loose", refs("manifest"));
            tx.images().create("a", new Image("img", new Descriptor(MANIFEST, digest("manifest"), 1, Map.of()),
                    Map.of(), null, null));
            return null;
        });
        Sweep sweep = sweep(NOW);
        assertEquals(Set.of(digest("manifest"), digest("config"), digest("layer"), digest("deep")), left("a"));
        assertEquals(1, sweep.removedReferences());
        assertEquals(left("a"), sweep.referencedBlobs());
    }

    @Test
    void referencesAreFollowedOnlyWithinTheirNamespace() {
        db.write(tx -> {
            blob(tx, "a", "root", Map.of(GcLabels.ROOT, "x", GcLabels.REF_CONTENT, digest("child").toString()));
            blob(tx, "b", "child", Map.of());
            blob(tx, "a", "child", Map.of());
            return null;
        });
        Sweep sweep = sweep(NOW);
        assertEquals(Set.of(digest("root"), digest("child")), left("a"));
        assertEquals(Set.of(), left("b"));
        assertEquals(Set.of(digest("root"), digest("child")), sweep.referencedBlobs());
    }

    @Test
    void liveLeasesKeepTheirResourcesAndExpiredOnesAreRemoved() {
        db.write(tx -> {
            blob(tx, "a", "kept", refs("child"));
            blob(tx, "a", "child", Map.of());
            blob(tx, "a", "expired", Map.of());
            tx.leases().create("a", new Lease("live", Map.of(GcLabels.EXPIRE, "2026-06-01T13:00:00+01:00"), null));
            tx.leases().addResource("a", "live", new LeaseResource(digest("kept").toString(), LeaseResource.CONTENT));
            tx.leases().addResource("a", "live", new LeaseResource("ref-1", LeaseResource.INGESTS));
            tx.leases().create("a", new Lease("old", Map.of(GcLabels.EXPIRE, "2026-06-01T11:59:59Z"), null));
            tx.leases().addResource("a", "old", new LeaseResource(digest("expired").toString(), LeaseResource.CONTENT));
            tx.leases().addResource("a", "old", new LeaseResource("ref-2", LeaseResource.INGESTS));
            tx.leases().create("a", new Lease("unreadable", Map.of(GcLabels.EXPIRE, "tomorrow"), null));
            return null;
        });
        Sweep sweep = sweep(NOW);
        assertEquals(Set.of(digest("kept"), digest("child")), left("a"));
        assertEquals(Set.of("a/ref-1"), sweep.leasedIngests());
        assertEquals(1, sweep.removedLeases());
        assertEquals(Set.of("live", "unreadable"),
                db.read(tx -> tx.leases().list("a")).stream().map(Lease::id).collect(Collectors.toSet()));
    }

    @Test
    void aFlatLeaseKeepsOnlyWhatItHolds() {
        db.write(tx -> {
            blob(tx, "a", "held", refs("child"));
            blob(tx, "a", "child", Map.of());
            tx.leases().create("a", new Lease("flat", Map.of(GcLabels.FLAT, "1"), null));
            tx.leases().addResource("a", "flat", new LeaseResource(digest("held").toString(), LeaseResource.CONTENT));
            return null;
        });
        sweep(NOW);
        assertEquals(Set.of(digest("held")), left("a"));
    }

    @Test
    void labelsThatAreNotReferencesOrNotDigestsKeepNothing() {
        db.write(tx -> {
            blob(tx, "a", "root", Map.of(GcLabels.ROOT, "1", GcLabels.REF_CONTENT + "x", digest("a1").toString(),
                    GcLabels.REF_CONTENT + ".bad", "not-a-digest"));
            blob(tx, "a", "a1", Map.of());
            return null;
        });
        sweep(NOW);
        assertEquals(Set.of(digest("root")), left("a"));
    }

    @Test
    void imageLabelsKeepContentToo() {
        db.write(tx -> {
            blob(tx, "a", "target", Map.of());
            blob(tx, "a", "extra", Map.of());
            tx.images().create("a", new Image("img", new Descriptor(MANIFEST, digest("target"), 1, Map.of()),
                    refs("extra"), null, null));
            return null;
        });
        Sweep sweep = sweep(NOW);
        assertEquals(Set.of(digest("target"), digest("extra")), left("a"));
        assertEquals(0, sweep.removedReferences());
    }
}
