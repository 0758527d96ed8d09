package io.berth.itests;

import static io.berth.itests.support.ContentClient.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;

import io.berth.itests.support.ContentClient;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Namespaced;
import io.berth.proto.containerd.services.content.v1.AbortRequest;
import io.berth.proto.containerd.services.content.v1.DeleteContentRequest;
import io.berth.proto.containerd.services.content.v1.InfoRequest;
import io.berth.proto.containerd.services.content.v1.ListContentRequest;
import io.berth.proto.containerd.services.content.v1.ListStatusesRequest;
import io.berth.proto.containerd.services.content.v1.StatusRequest;
import io.berth.proto.containerd.services.content.v1.WriteAction;
import io.berth.proto.containerd.services.content.v1.WriteContentRequest;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.berth.proto.containerd.services.images.v1.ListImagesRequest;
import io.berth.proto.containerd.services.leases.v1.LeasesGrpc;
import io.berth.proto.containerd.services.leases.v1.ListRequest;
import io.berth.proto.containerd.services.version.v1.VersionGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Hostile content.v1 requests against a real berthd: each gets a status that says what was wrong, nothing is
 * committed by a refused write, and no ref reaches outside the content store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContentHostileInputTest {
    private static final String NAMESPACE = "hostile";

    @TempDir
    static Path dir;

    private DaemonProcess daemon;
    private ContentClient content;
    private Ctr ctr;

    @BeforeAll
    void startDaemon() throws Exception {
        Ctr.assumeInstalled();
        daemon = DaemonProcess.start(dir.resolve("berthd"), "");
        content = new ContentClient(daemon.channel(), NAMESPACE);
        ctr = new Ctr(daemon.socket());
    }

    @AfterAll
    void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** After each hostile act the daemon still answers, and so does ctr's view of the content store. */
    @AfterEach
    void daemonStillServes() throws Exception {
        assertTrue(daemon.isAlive(), daemon.log());
        assertTrue(VersionGrpc.newBlockingStub(daemon.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .version(Empty.getDefaultInstance()).getVersion().startsWith("0.1.0"));
        ctr.run("-n", NAMESPACE, "content", "ls").expectSuccess();
        ctr.run("-n", NAMESPACE, "content", "active").expectSuccess();
    }

    private Path contentRoot() {
        return daemon.root().resolve("io.containerd.content.v1.content");
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static WriteContentRequest.Builder write(String ref, byte[] data) {
        return WriteContentRequest.newBuilder().setAction(WriteAction.WRITE).setRef(ref)
                .setData(ByteString.copyFrom(data));
    }

    private static WriteContentRequest.Builder commit(String ref) {
        return WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setRef(ref);
    }

    private static Status refused(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription() != null && !e.getStatus().getDescription().isBlank(),
                "a refusal says why: " + e.getStatus());
        return e.getStatus();
    }

    private void assertNotCommitted(String... digests) {
        List<String> listed = new ArrayList<>();
        content.blocking().list(ListContentRequest.getDefaultInstance())
                .forEachRemaining(block -> block.getInfoList().forEach(info -> listed.add(info.getDigest())));
        for (String digest : digests) {
            assertFalse(listed.contains(digest), digest + " is listed: " + listed);
            refused(Status.Code.NOT_FOUND, () -> content.blocking().info(InfoRequest.newBuilder().setDigest(digest).build()));
            assertFalse(Files.exists(contentRoot().resolve("blobs/sha256").resolve(digest.substring("sha256:".length()))),
                    "no blob file for " + digest);
        }
    }

    private void abort(String ref) {
        content.blocking().abort(AbortRequest.newBuilder().setRef(ref).build());
    }

    @Test
    void aWrongExpectedDigestIsRefusedNamingBothDigestsAndCommitsNothing() throws Exception {
        byte[] data = random(1000, 1);
        String actual = sha256(data);
        String claimed = sha256(random(1000, 2));
        ContentClient.WriteStream stream = content.write();
        stream.send(write("wrong-digest", data).setTotal(data.length).build());
        Status status = refused(Status.Code.FAILED_PRECONDITION,
                () -> stream.send(commit("wrong-digest").setOffset(data.length).setTotal(data.length)
                        .setExpected(claimed).build()));
        assertTrue(status.getDescription().contains("unexpected commit digest " + actual + ", expected " + claimed),
                status.getDescription());
        assertNotCommitted(actual, claimed);
        abort("wrong-digest");
    }

    @Test
    void aShortWriteIsRefusedAtCommitNamingBothSizes() throws Exception {
        byte[] data = random(1000, 3);
        ContentClient.WriteStream stream = content.write();
        stream.send(write("short", Arrays.copyOf(data, 600)).setTotal(1000).build());
        Status status = refused(Status.Code.FAILED_PRECONDITION,
                () -> stream.send(commit("short").setOffset(600).setTotal(1000).setExpected(sha256(data)).build()));
        assertTrue(status.getDescription().contains("\"short\" failed size validation: 600 != 1000"),
                status.getDescription());
        assertNotCommitted(sha256(data), sha256(Arrays.copyOf(data, 600)));
        assertEquals(600, content.blocking().status(StatusRequest.newBuilder().setRef("short").build())
                .getStatus().getOffset(), "the refused ingest is kept to resume or abort, as in containerd");
        abort("short");
    }

    /** containerd's writer takes bytes past the announced total and refuses them at commit. */
    @Test
    void writingMoreThanTheAnnouncedTotalIsRefusedAtCommit() throws Exception {
        byte[] data = random(1200, 4);
        ContentClient.WriteStream stream = content.write();
        stream.send(write("oversized", Arrays.copyOf(data, 600)).setTotal(1000).build());
        assertEquals(1200, stream.send(write("oversized", Arrays.copyOfRange(data, 600, 1200))
                .setOffset(600).build()).getOffset());
        Status status = refused(Status.Code.FAILED_PRECONDITION,
                () -> stream.send(commit("oversized").setOffset(1200).build()));
        assertTrue(status.getDescription().contains("\"oversized\" failed size validation: 1200 != 1000"),
                status.getDescription());
        assertNotCommitted(sha256(data), sha256(Arrays.copyOf(data, 1000)));
        abort("oversized");
    }

    /** Every path below the daemon's directory, but those the content store and the database may change. */
    private Set<String> daemonFiles() throws IOException {
        Path content = contentRoot();
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.startsWith(content))
                    .filter(p -> !p.getFileName().toString().startsWith("meta.db"))
                    .filter(p -> !p.getFileName().toString().startsWith("berthd."))
                    .map(Path::toString).collect(TreeSet::new, Set::add, Set::addAll);
        }
    }

    private static Set<String> topOfTmp() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/tmp"))) {
            return entries.map(p -> p.getFileName().toString()).collect(HashSet::new, Set::add, Set::addAll);
        }
    }

    @Test
    void hostileRefsAreOpaqueNamesInsideTheIngestDirectory() throws Exception {
        List<String> refs = List.of("a/b", "..", "../../../../tmp/x", "/etc/x", "x".repeat(5000), "nul\u0000ref",
                "../../../../../../../../tmp", "ingest/../../blobs/sha256/x");
        ContentClient ownNamespace = new ContentClient(daemon.channel(), "refs");
        int ingestsBefore = ingestDirectories().size();
        Set<String> daemonBefore = daemonFiles();
        Set<String> tmpBefore = topOfTmp();
        boolean etcXBefore = Files.exists(Path.of("/etc/x"));
        List<String> accepted = new ArrayList<>();
        for (String ref : refs) {
            byte[] data = random(64, ref.hashCode());
            ContentClient.WriteStream stream = ownNamespace.write();
            try {
                assertEquals(64, stream.send(write(ref, data).build()).getOffset());
                stream.finish();
                accepted.add(ref);
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
                continue;
            }
            var status = ownNamespace.blocking().status(StatusRequest.newBuilder().setRef(ref).build()).getStatus();
            assertEquals(ref, status.getRef());
            assertEquals(64, status.getOffset());
        }

        List<String> active = new ArrayList<>();
        ownNamespace.blocking().listStatuses(ListStatusesRequest.getDefaultInstance()).getStatusesList()
                .forEach(s -> active.add(s.getRef()));
        assertEquals(new TreeSet<>(accepted), new TreeSet<>(active));
        assertEquals(daemonBefore, daemonFiles(), "nothing appeared outside the content store");
        Set<String> tmpNew = new HashSet<>(topOfTmp());
        tmpNew.removeAll(tmpBefore);
        assertFalse(tmpNew.contains("x"), "a ref made /tmp/x: " + tmpNew);
        assertEquals(etcXBefore, Files.exists(Path.of("/etc/x")), "a ref made /etc/x");
        assertIngestsAreDirectlyUnderTheIngestDirectory(ingestsBefore + accepted.size());

        for (String ref : accepted) {
            ownNamespace.blocking().abort(AbortRequest.newBuilder().setRef(ref).build());
        }
        assertEquals(0, ownNamespace.blocking().listStatuses(ListStatusesRequest.getDefaultInstance()).getStatusesCount());
    }

    private List<Path> ingestDirectories() throws IOException {
        Path ingests = contentRoot().resolve("ingest");
        if (!Files.exists(ingests)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(ingests)) {
            return list.toList();
        }
    }

    private void assertIngestsAreDirectlyUnderTheIngestDirectory(int expected) throws IOException {
        List<Path> entries = ingestDirectories();
        assertEquals(expected, entries.size(), entries.toString());
        for (Path ingest : entries) {
            assertTrue(ingest.getFileName().toString().matches("[0-9a-f]{64}"), ingest.toString());
            try (Stream<Path> files = Files.list(ingest)) {
                assertTrue(files.allMatch(Files::isRegularFile), "an ingest holds only files: " + ingest);
            }
        }
        try (Stream<Path> top = Files.list(contentRoot())) {
            Set<String> names = new TreeSet<>();
            top.forEach(p -> names.add(p.getFileName().toString()));
            assertTrue(Set.of("blobs", "ingest").containsAll(names), names.toString());
        }
    }

    @Test
    void aDigestOfAnUnknownAlgorithmOrBadHexIsAnInvalidArgument() throws Exception {
        String hex = sha256(new byte[0]).substring("sha256:".length());
        List<String> bad = List.of("md5:d41d8cd98f00b204e9800998ecf8427e", "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709",
                "sha256:" + hex.substring(1), "sha256:" + hex + "0", "sha256:" + hex.toUpperCase(), "sha256:", hex,
                "sha256:" + "z".repeat(64));
        for (String digest : bad) {
            Status info = refused(Status.Code.INVALID_ARGUMENT,
                    () -> content.blocking().info(InfoRequest.newBuilder().setDigest(digest).build()));
            assertTrue(info.getDescription().contains("digest"), info.getDescription());
            refused(Status.Code.INVALID_ARGUMENT, () -> content.read(digest, 0, 0));
            refused(Status.Code.INVALID_ARGUMENT,
                    () -> content.blocking().delete(DeleteContentRequest.newBuilder().setDigest(digest).build()));

            ContentClient.WriteStream stream = content.write();
            refused(Status.Code.INVALID_ARGUMENT,
                    () -> stream.send(write("bad-expected", new byte[] {1, 2, 3}).setExpected(digest).build()));
            refused(Status.Code.NOT_FOUND,
                    () -> content.blocking().status(StatusRequest.newBuilder().setRef("bad-expected").build()));
        }
    }

    @Test
    void aMalformedFilterIsAnInvalidArgumentInEveryList() {
        var inNamespace = Namespaced.in(NAMESPACE);
        for (String filter : List.of("labels.\"unterminated", "digest==", "==x", "size~=(", ",")) {
            refused(Status.Code.INVALID_ARGUMENT, () -> content.blocking()
                    .list(ListContentRequest.newBuilder().addFilters(filter).build()).hasNext());
            refused(Status.Code.INVALID_ARGUMENT, () -> content.blocking()
                    .listStatuses(ListStatusesRequest.newBuilder().addFilters(filter).build()));
            refused(Status.Code.INVALID_ARGUMENT, () -> ImagesGrpc.newBlockingStub(daemon.channel())
                    .withInterceptors(inNamespace).list(ListImagesRequest.newBuilder().addFilters(filter).build()));
            refused(Status.Code.INVALID_ARGUMENT, () -> LeasesGrpc.newBlockingStub(daemon.channel())
                    .withInterceptors(inNamespace).list(ListRequest.newBuilder().addFilters(filter).build()));
        }
    }

    /** As containerd's Read: a negative offset or size counts as 0, an offset past the end is OUT_OF_RANGE. */
    @Test
    void readsOutsideTheBlobAnswerAsContainerdDoes() throws Exception {
        byte[] data = random(100, 5);
        String digest = sha256(data);
        ContentClient.WriteStream stream = content.write();
        // A root for the collector, which would otherwise take the blob after any deletion of the other tests.
        stream.send(commit("readable").setTotal(data.length).setExpected(digest).setData(ByteString.copyFrom(data))
                .putLabels("containerd.io/gc.root", "test").build());
        try {
            assertArrayEquals(new byte[0], content.read(digest, 100, 0), "at the end: nothing");
            Status past = refused(Status.Code.OUT_OF_RANGE, () -> content.read(digest, 101, 0));
            assertEquals("read past object length 100 bytes", past.getDescription());
            refused(Status.Code.OUT_OF_RANGE, () -> content.read(digest, Long.MAX_VALUE, 1));
            assertArrayEquals(data, content.read(digest, -5, 0), "a negative offset reads from 0");
            assertArrayEquals(data, content.read(digest, 0, -1), "a negative size reads to the end");
            assertArrayEquals(Arrays.copyOfRange(data, 10, 100), content.read(digest, 10, 1000));
            assertArrayEquals(Arrays.copyOfRange(data, 10, 20), content.read(digest, 10, 10));
        } finally {
            content.blocking().delete(DeleteContentRequest.newBuilder().setDigest(digest).build());
        }
    }
}
