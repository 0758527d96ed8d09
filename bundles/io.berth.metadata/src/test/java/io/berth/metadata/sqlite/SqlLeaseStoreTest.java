package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.Lease;
import io.berth.api.metadata.LeaseResource;
import io.berth.api.metadata.LeaseStore;

class SqlLeaseStoreTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

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

    private static void refused(ErrorKind kind, Runnable action) {
        assertEquals(kind, assertThrows(BerthException.class, action::run).kind());
    }

    private void write(Consumer<LeaseStore> work) {
        db.write(tx -> {
            work.accept(tx.leases());
            return null;
        });
    }

    @Test
    void createStoresTheLeaseWithItsLabelsAndTimeInItsNamespace() {
        Lease created = db.write(tx -> tx.leases().create("a", new Lease("l1", Map.of("k", "v", "gone", ""), null)));
        assertEquals(Map.of("k", "v"), created.labels());
        assertNotNull(created.createdAt());
        assertEquals(created, db.read(tx -> tx.leases().get("a", "l1")));
        assertEquals("a", db.read(tx -> tx.namespaces().get("a")).name());
        refused(ErrorKind.NOT_FOUND, () -> db.read(tx -> tx.leases().get("b", "l1")));
    }

    @Test
    void createRefusesADuplicateABadIdAndAnOversizedLabel() {
        write(leases -> leases.create("a", new Lease("l1", Map.of(), null)));
        refused(ErrorKind.ALREADY_EXISTS, () -> write(leases -> leases.create("a", new Lease("l1", Map.of(), null))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> write(leases -> leases.create("a", new Lease("", Map.of(), null))));
        // Ids are opaque to containerd: ctr makes up ones such as this.
        write(leases -> leases.create("a", new Lease("976160247-_Wze", Map.of(), null)));
        refused(ErrorKind.INVALID_ARGUMENT,
                () -> write(leases -> leases.create("a", new Lease("l2", Map.of("k", "v".repeat(5000)), null))));
        assertEquals(List.of("976160247-_Wze", "l1"),
                db.read(tx -> tx.leases().list("a")).stream().map(Lease::id).toList());
    }

    @Test
    void resourcesAreAddedOnceListedInOrderAndDeletedIdempotently() {
        write(leases -> {
            leases.create("a", new Lease("l1", Map.of(), null));
            leases.addResource("a", "l1", new LeaseResource(DIGEST, "content"));
            leases.addResource("a", "l1", new LeaseResource(DIGEST, "content"));
            leases.addResource("a", "l1", new LeaseResource("ref-1", "ingests"));
            leases.addResource("a", "l1", new LeaseResource("key", "snapshots/overlayfs"));
            leases.addResource("a", "l1", new LeaseResource("busybox", "images"));
        });
        assertEquals(List.of(new LeaseResource(DIGEST, "content"), new LeaseResource("busybox", "images"),
                new LeaseResource("ref-1", "ingests"), new LeaseResource("key", "snapshots/overlayfs")),
                db.read(tx -> tx.leases().resources("a", "l1")));
        write(leases -> {
            leases.deleteResource("a", "l1", new LeaseResource(DIGEST, "content"));
            leases.deleteResource("a", "l1", new LeaseResource(DIGEST, "content"));
        });
        assertEquals(3, db.read(tx -> tx.leases().resources("a", "l1")).size());
    }

    @Test
    void resourcesAreRefusedForAMissingLeaseAnUnknownTypeOrABadDigest() {
        write(leases -> leases.create("a", new Lease("l1", Map.of(), null)));
        refused(ErrorKind.NOT_FOUND, () -> write(leases -> leases.addResource("a", "nope", new LeaseResource(DIGEST, "content"))));
        refused(ErrorKind.NOT_FOUND, () -> db.read(tx -> tx.leases().resources("b", "l1")));
        refused(ErrorKind.NOT_IMPLEMENTED, () -> write(leases -> leases.addResource("a", "l1", new LeaseResource("x", "volumes"))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> write(leases -> leases.addResource("a", "l1", new LeaseResource("x", "snapshots"))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> write(leases -> leases.addResource("a", "l1", new LeaseResource("x", "ingests/x"))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> write(leases -> leases.addResource("a", "l1", new LeaseResource("sha256:zz", "content"))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> write(leases -> leases.addResource("a", "l1", new LeaseResource("", "ingests"))));
        // A deletion is held to the same rules, as containerd's.
        BerthException badDigest = assertThrows(BerthException.class, () -> write(leases -> leases.deleteResource("a",
                "l1", new LeaseResource("none", "content"))));
        assertEquals(ErrorKind.INVALID_ARGUMENT, badDigest.kind());
        assertTrue(badDigest.getMessage().startsWith("invalid content resource id none: "), badDigest.getMessage());
        refused(ErrorKind.NOT_IMPLEMENTED, () -> write(leases -> leases.deleteResource("a", "l1", new LeaseResource("x", "volumes"))));
        assertTrue(db.read(tx -> tx.leases().resources("a", "l1")).isEmpty());
    }

    @Test
    void deleteTakesLabelsAndResourcesAlongAndNamespaceDeleteTakesLeases() {
        write(leases -> {
            leases.create("a", new Lease("l1", Map.of("k", "v"), null));
            leases.addResource("a", "l1", new LeaseResource("r", "ingests"));
            leases.delete("a", "l1");
        });
        refused(ErrorKind.NOT_FOUND, () -> write(leases -> leases.delete("a", "l1")));
        write(leases -> leases.create("a", new Lease("l1", Map.of(), null)));
        assertTrue(db.read(tx -> tx.leases().resources("a", "l1")).isEmpty());
        db.write(tx -> {
            tx.namespaces().delete("a");
            return null;
        });
        refused(ErrorKind.NOT_FOUND, () -> db.read(tx -> tx.leases().get("a", "l1")));
    }
}
