package io.berth.services.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Any;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.Lease;
import io.berth.api.metadata.LeaseResource;
import io.berth.api.metadata.TypedValue;
import io.berth.content.local.LocalContentStore;
import io.berth.diff.WalkingDiffer;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.proto.containerd.types.Descriptor;
import io.berth.services.content.NamespacedContent;
import io.berth.services.events.TestBus;

/**
 * Checkpoints written into and read back from the real content store and metadata, with the real walking differ:
 * what containerd writes (the images as a tar, then the spec as a serialized Any, under the lease), and a restore
 * that gives back the same tree and writes nothing outside its directory.
 */
class TaskCheckpointsTest {
    private static final TypedValue SPEC = new TypedValue("types.containerd.io/opencontainers/runtime-spec/1/Spec",
            "{\"ociVersion\":\"1.0.2\"}".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private SqliteDatabase metadata;
    private LocalContentStore store;
    private TaskCheckpoints checkpoints;
    private Path workDir;

    @BeforeEach
    void start() throws IOException {
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        store = new LocalContentStore(dir.resolve("content"));
        WalkingDiffer walking = new WalkingDiffer(1L << 30);
        workDir = dir.resolve("state/io.containerd.grpc.v1.tasks");
        checkpoints = new TaskCheckpoints(new NamespacedContent(store, metadata, TestBus.start()), store, walking,
                walking, workDir);
        metadata.write(tx -> tx.leases().create("default", new Lease("cp", Map.of(), Instant.now())));
    }

    @AfterEach
    void stop() {
        metadata.close();
    }

    private Path images() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.writeString(images.resolve("inventory.img"), "inventory");
        Files.write(images.resolve("pages-1.img"), new byte[100_000]);
        Files.createDirectories(images.resolve("sub"));
        Files.writeString(images.resolve("sub/dump.log"), "log");
        Files.setPosixFilePermissions(images.resolve("pages-1.img"), PosixFilePermissions.fromString("rw-------"));
        return images;
    }

    private byte[] blob(Descriptor descriptor) throws IOException {
        try (InputStream in = store.read(Digest.parse(descriptor.getDigest()), 0, 0)) {
            return in.readAllBytes();
        }
    }

    private static Set<String> tree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(path -> !path.equals(root))
                    .map(path -> root.relativize(path) + (Files.isDirectory(path) ? "/" : " " + size(path)))
                    .collect(Collectors.toSet());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theImagesAreATarAndTheSpecAnAnyInTheNamespacesContentHeldByTheLease() throws IOException {
        List<Descriptor> written = checkpoints.store("default", Optional.of("cp"), images(), SPEC);

        assertEquals(List.of(TaskCheckpoints.CHECKPOINT, TaskCheckpoints.CONFIG),
                written.stream().map(Descriptor::getMediaType).toList());
        for (Descriptor descriptor : written) {
            byte[] content = blob(descriptor);
            assertEquals(descriptor.getSize(), content.length);
            assertEquals(Digest.compute(DigestAlgorithm.SHA256, content).toString(), descriptor.getDigest());
            assertEquals(descriptor.getSize(),
                    metadata.read(tx -> tx.contents().get("default", Digest.parse(descriptor.getDigest()))).size());
            assertEquals(Map.of(), descriptor.getAnnotationsMap());
        }
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(store.read(
                Digest.parse(written.getFirst().getDigest()), 0, 0))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
                if (entry.getName().equals("pages-1.img")) {
                    assertEquals(0600, entry.getMode() & 07777);
                    assertEquals(100_000, entry.getSize());
                }
            }
        }
        assertTrue(names.containsAll(List.of("inventory.img", "pages-1.img", "sub/", "sub/dump.log")),
                names.toString());
        Any spec = Any.parseFrom(blob(written.get(1)));
        assertEquals(SPEC.typeUrl(), spec.getTypeUrl());
        assertEquals(new String(SPEC.value(), StandardCharsets.UTF_8), spec.getValue().toStringUtf8());
        assertEquals(Set.of(new LeaseResource(written.get(0).getDigest(), LeaseResource.CONTENT),
                        new LeaseResource(written.get(1).getDigest(), LeaseResource.CONTENT)),
                Set.copyOf(metadata.read(tx -> tx.leases().resources("default", "cp"))));
        try (Stream<Path> left = Files.list(workDir)) {
            assertEquals(List.of(), left.toList(), "no scratch directory is left");
        }
    }

    @Test
    void aSecondCheckpointOfTheSameContainerSharesTheSpecBlob() throws IOException {
        List<Descriptor> first = checkpoints.store("default", Optional.empty(), images(), SPEC);
        Files.writeString(dir.resolve("images/inventory.img"), "changed");

        List<Descriptor> second = checkpoints.store("default", Optional.of("cp"), dir.resolve("images"), SPEC);

        assertEquals(first.get(1), second.get(1));
        assertFalse(first.getFirst().getDigest().equals(second.getFirst().getDigest()));
        assertTrue(metadata.read(tx -> tx.leases().resources("default", "cp"))
                .contains(new LeaseResource(second.get(1).getDigest(), LeaseResource.CONTENT)));
        assertEquals(List.of(), store.listStatuses(status -> true), "no ingest is left");
    }

    @Test
    void aStoredCheckpointUnpacksToTheSameTree() throws IOException {
        Path images = images();
        Descriptor tar = checkpoints.store("default", Optional.empty(), images, SPEC).getFirst();

        Path restored = checkpoints.unpack("default", tar);

        assertTrue(restored.startsWith(workDir), restored.toString());
        assertEquals(tree(images), tree(restored));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(restored.resolve("pages-1.img"))));
        checkpoints.remove(restored);
        assertFalse(Files.exists(restored));
    }

    @Test
    void onlyACheckpointTarTheNamespaceHoldsIsUnpacked() throws IOException {
        Descriptor tar = checkpoints.store("default", Optional.empty(), images(), SPEC).getFirst();

        BerthException otherType = assertThrows(BerthException.class, () -> checkpoints.unpack("default",
                tar.toBuilder().setMediaType(TaskCheckpoints.CONFIG).build()));
        assertEquals(ErrorKind.INVALID_ARGUMENT, otherType.kind());
        assertTrue(otherType.getMessage().contains("unsupported checkpoint type"), otherType.getMessage());
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(BerthException.class, () -> checkpoints.unpack("other", tar)).kind());
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(BerthException.class, () -> checkpoints.unpack(
                "default", tar.toBuilder().setDigest("sha256:nothex").build())).kind());
        try (Stream<Path> left = Files.list(workDir)) {
            assertEquals(List.of(), left.toList(), "a refused restore leaves no directory");
        }
    }

    @Test
    void aHostileCheckpointTarWritesNothingOutsideItsDirectory() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = "escaped".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry escape = new TarArchiveEntry("../../escaped", true);
            escape.setSize(data.length);
            tar.putArchiveEntry(escape);
            tar.write(data);
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("up", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../..");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            TarArchiveEntry through = new TarArchiveEntry("up/through", true);
            through.setSize(data.length);
            tar.putArchiveEntry(through);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        byte[] blob = bytes.toByteArray();
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, blob);
        try (ContentWriter writer = store.writer("hostile", blob.length, null)) {
            writer.write(blob);
            writer.commit(blob.length, digest);
        }
        metadata.write(tx -> tx.contents().add("default", digest, blob.length, Map.of()));
        Descriptor hostile = Descriptor.newBuilder().setMediaType(TaskCheckpoints.CHECKPOINT)
                .setDigest(digest.toString()).setSize(blob.length).build();

        try {
            checkpoints.remove(checkpoints.unpack("default", hostile));
        } catch (BerthException refused) {
            assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind(), refused.getMessage());
        }

        assertFalse(Files.exists(dir.resolve("escaped")));
        assertFalse(Files.exists(dir.resolve("state/escaped")));
        assertFalse(Files.exists(workDir.resolve("escaped")));
        assertFalse(Files.exists(dir.resolve("state/through")));
        assertFalse(Files.exists(dir.resolve("through")));
    }
}
