package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.metadata.Lease;
import io.berth.api.metadata.LeaseResource;

class MetadataListenerTest {
    @TempDir
    Path dir;

    private SqliteDatabase db;
    private final List<Boolean> told = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        db.addListener(told::add);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void everyCommittedWriteIsToldWhetherItDeleted() {
        db.write(tx -> tx.leases().create("a", new Lease("l", Map.of(), null)));
        db.write(tx -> {
            tx.leases().addResource("a", "l", new LeaseResource("r", LeaseResource.INGESTS));
            return null;
        });
        db.write(tx -> {
            tx.leases().deleteResource("a", "l", new LeaseResource("r", LeaseResource.INGESTS));
            return null;
        });
        db.write(tx -> {
            tx.leases().delete("a", "l");
            return null;
        });
        assertEquals(List.of(false, false, true, true), told);
    }

    @Test
    void readsRolledBackWritesAndSweepsAreNotDeletionsToTell() {
        db.read(tx -> tx.leases().list("a"));
        assertThrows(BerthException.class, () -> db.write(tx -> {
            tx.leases().create("a", new Lease("l", Map.of(), null));
            tx.leases().delete("a", "l");
            throw BerthException.invalidArgument("abandon");
        }));
        db.write(tx -> tx.sweep(Instant.now()));
        assertEquals(List.of(false), told);
    }
}
