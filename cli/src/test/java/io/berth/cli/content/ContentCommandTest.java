package io.berth.cli.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.berth.cli.CliRun;
import io.berth.cli.FakeDaemon;
import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.DeleteContentRequest;
import io.berth.proto.containerd.services.content.v1.Info;
import io.berth.proto.containerd.services.content.v1.InfoRequest;
import io.berth.proto.containerd.services.content.v1.InfoResponse;
import io.berth.proto.containerd.services.content.v1.ListContentRequest;
import io.berth.proto.containerd.services.content.v1.ListContentResponse;
import io.berth.proto.containerd.services.content.v1.ReadContentRequest;
import io.berth.proto.containerd.services.content.v1.ReadContentResponse;
import io.berth.proto.containerd.services.content.v1.UpdateRequest;
import io.berth.proto.containerd.services.content.v1.UpdateResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth content}: what it sends and prints, against an in-process content service. */
class ContentCommandTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String OTHER = "sha256:" + "cd".repeat(32);

    @TempDir
    Path dir;

    private final List<Object> requests = new CopyOnWriteArrayList<>();
    private final byte[] blob = new byte[300_000];
    private FakeDaemon daemon;

    /** Holds one labelled blob, DIGEST, served in chunks of 64 KiB; records every request. */
    private final class Content extends ContentGrpc.ContentImplBase {
        @Override
        public void list(ListContentRequest request, StreamObserver<ListContentResponse> response) {
            requests.add(request);
            response.onNext(ListContentResponse.newBuilder().addInfo(Info.newBuilder().setDigest(DIGEST)).build());
            response.onNext(ListContentResponse.newBuilder().addInfo(Info.newBuilder().setDigest(OTHER)).build());
            response.onCompleted();
        }

        @Override
        public void read(ReadContentRequest request, StreamObserver<ReadContentResponse> response) {
            if (!request.getDigest().equals(DIGEST)) {
                response.onError(Status.NOT_FOUND.withDescription("content " + request.getDigest() + ": not found")
                        .asRuntimeException());
                return;
            }
            for (int offset = 0; offset < blob.length; offset += 65536) {
                response.onNext(ReadContentResponse.newBuilder().setOffset(offset)
                        .setData(ByteString.copyFrom(blob, offset, Math.min(65536, blob.length - offset))).build());
            }
            response.onCompleted();
        }

        @Override
        public void info(InfoRequest request, StreamObserver<InfoResponse> response) {
            response.onNext(InfoResponse.newBuilder()
                    .setInfo(Info.newBuilder().setDigest(DIGEST).putLabels("b", "2").putLabels("a", "1")).build());
            response.onCompleted();
        }

        @Override
        public void update(UpdateRequest request, StreamObserver<UpdateResponse> response) {
            requests.add(request);
            response.onNext(UpdateResponse.newBuilder()
                    .setInfo(request.getInfo().toBuilder().putLabels("kept", "yes")).build());
            response.onCompleted();
        }

        @Override
        public void delete(DeleteContentRequest request, StreamObserver<Empty> response) {
            requests.add(request.getDigest());
            if (request.getDigest().equals(DIGEST)) {
                response.onNext(Empty.getDefaultInstance());
                response.onCompleted();
            } else if (request.getDigest().startsWith("sha256:")) {
                response.onError(Status.NOT_FOUND.withDescription("not found").asRuntimeException());
            } else {
                response.onError(Status.INVALID_ARGUMENT.withDescription("invalid digest").asRuntimeException());
            }
        }
    }

    @BeforeEach
    void startDaemon() throws IOException {
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) (i * 31 + i / 251);
        }
        daemon = new FakeDaemon(dir.resolve("berth.sock"), List.of(), List.of(new Content()));
    }

    @AfterEach
    void stopDaemon() {
        daemon.close();
    }

    @Test
    void getWritesTheBlobsBytesUnchanged() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = io.berth.cli.Berth.run(new String[] {"-a", daemon.socket().toString(), "content", "get", DIGEST},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exitCode, err.toString(StandardCharsets.UTF_8));
        assertArrayEquals(blob, out.toByteArray());
    }

    @Test
    void getOfAMissingBlobFailsOnOneLine() {
        CliRun run = daemon.berth("content", "get", OTHER);
        assertEquals(1, run.exitCode());
        assertEquals("berth: read " + OTHER + ": NotFound: content " + OTHER + ": not found\n", run.err());
    }

    @Test
    void listGathersEveryPageAndSendsTheFilters() {
        CliRun run = daemon.berth("content", "ls", "-q", "labels.a==1");
        assertEquals(DIGEST + "\n" + OTHER + "\n", run.out());
        assertEquals(List.of("labels.a==1"), ((ListContentRequest) requests.getFirst()).getFiltersList());
        String json = daemon.berth("--format", "json", "content", "ls").out();
        assertTrue(json.contains(DIGEST) && json.contains(OTHER), json);
    }

    @Test
    void labelSendsOnlyTheKeysGivenAndPrintsTheResult() {
        CliRun run = daemon.berth("content", "label", DIGEST, "x=1", "gone=");
        assertEquals(0, run.exitCode(), run.err());
        UpdateRequest sent = (UpdateRequest) requests.getFirst();
        assertEquals(List.of("labels.x", "labels.gone"), sent.getUpdateMask().getPathsList());
        assertEquals(Map.of("x", "1"), sent.getInfo().getLabelsMap());
        assertEquals("kept=yes,x=1\n", run.out());
    }

    @Test
    void labelWithoutLabelsChangesNothingAndPrintsThem() {
        CliRun run = daemon.berth("content", "label", DIGEST);
        assertEquals("a=1,b=2\n", run.out());
        assertEquals(List.of(), requests);
    }

    @Test
    void removePassesOverMissingBlobsAndReportsOtherFailures() {
        CliRun run = daemon.berth("content", "rm", OTHER, "bogus", DIGEST);
        assertEquals(1, run.exitCode());
        assertEquals(List.of(OTHER, "bogus", DIGEST), requests);
        assertEquals(DIGEST + "\n", run.out());
        assertEquals("berth: could not delete bogus: InvalidArgument: invalid digest\n", run.err());
    }
}
