package io.berth.content.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.berth.api.content.ContentStore;
import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.daemon.Daemon;
import io.berth.content.testsuite.ContentStoreFixture;

/** The files on disk are containerd's, so either daemon can read the other's store. */
class LocalLayoutTest extends ContentStoreFixture {
    @Override
    protected ContentStore create(Path root) throws Exception {
        return new LocalContentStore(root);
    }

    @Test
    void blobsLiveUnderTheirAlgorithmAndHexReadOnly() throws IOException {
        Digest digest = commit(bytes(100, 1));
        Path blob = root().resolve("blobs/sha256/" + digest.hex());
        assertEquals(100, Files.size(blob));
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(blob);
        assertFalse(permissions.contains(PosixFilePermission.OWNER_WRITE), permissions.toString());
        assertFalse(permissions.contains(PosixFilePermission.OWNER_EXECUTE), permissions.toString());
        try (Stream<Path> ingests = Files.list(root().resolve("ingest"))) {
            assertEquals(List.of(), ingests.toList());
        }
    }

    @Test
    void sha512BlobsLiveUnderSha512() throws IOException {
        byte[] data = bytes(10, 2);
        Digest digest = Digest.compute(DigestAlgorithm.SHA512, data);
        try (ContentWriter writer = store.writer("sha512", 0, digest)) {
            writer.write(data);
            writer.commit(0, null);
        }
        assertTrue(Files.isRegularFile(root().resolve("blobs/sha512/" + digest.hex())));
    }

    @Test
    void anIngestIsNamedByTheHashOfItsRefAndHoldsContainerdsFiles() throws IOException {
        String ref = "layer-sha256:abc/../x";
        try (ContentWriter writer = store.writer(ref, 42, null)) {
            writer.write(bytes(7, 3));
        }
        Path ingest = root().resolve("ingest").resolve(
                Digest.compute(DigestAlgorithm.SHA256, ref.getBytes(StandardCharsets.UTF_8)).hex());
        try (Stream<Path> files = Files.list(ingest)) {
            assertEquals(List.of("data", "ref", "startedat", "total", "updatedat"),
                    files.map(path -> path.getFileName().toString()).sorted().toList());
        }
        assertEquals(ref, Files.readString(ingest.resolve("ref")));
        assertEquals("42", Files.readString(ingest.resolve("total")));
        assertEquals(7, Files.size(ingest.resolve("data")));
        Instant.parse(Files.readString(ingest.resolve("startedat")));
        Instant.parse(Files.readString(ingest.resolve("updatedat")));
    }

    @Test
    void readsAnIngestThatContainerdWrote() throws IOException {
        String ref = "fetch-blob";
        Path ingest = Files.createDirectories(root().resolve("ingest").resolve(Layout.ingestName(ref)));
        Files.writeString(ingest.resolve("ref"), ref);
        Files.writeString(ingest.resolve("startedat"), "2024-05-01T10:00:00.123456789+02:00");
        Files.writeString(ingest.resolve("updatedat"), "2024-05-01T10:00:01.5+02:00");
        Files.write(ingest.resolve("data"), bytes(9, 4));
        assertEquals(Instant.parse("2024-05-01T08:00:00.123456789Z"), store.status(ref).startedAt());
        assertEquals(9, store.status(ref).offset());
        try (ContentWriter writer = store.writer(ref, 0, null)) {
            assertEquals(9, writer.offset());
            assertEquals(Digest.compute(DigestAlgorithm.SHA256, bytes(9, 4)), writer.digest());
        }
    }

    @Test
    void anEmptyRootPathMeansThePluginRootOfTheDaemon() {
        Daemon daemon = new Daemon() {
            public String version() {
                return "0";
            }

            public String revision() {
                return "";
            }

            public Path root() {
                return Path.of("/var/lib/berth");
            }

            public Path state() {
                return Path.of("/run/berth");
            }
        };
        assertEquals(Path.of("/var/lib/berth/io.containerd.content.v1.content"), LocalContentStore.root(daemon, ""));
        assertEquals(Path.of("/srv/content"), LocalContentStore.root(daemon, "/srv/content"));
    }
}
