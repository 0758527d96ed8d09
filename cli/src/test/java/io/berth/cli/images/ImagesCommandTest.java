package io.berth.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Empty;
import io.berth.cli.CliRun;
import io.berth.cli.FakeDaemon;
import io.berth.proto.containerd.services.images.v1.CreateImageRequest;
import io.berth.proto.containerd.services.images.v1.CreateImageResponse;
import io.berth.proto.containerd.services.images.v1.DeleteImageRequest;
import io.berth.proto.containerd.services.images.v1.GetImageRequest;
import io.berth.proto.containerd.services.images.v1.GetImageResponse;
import io.berth.proto.containerd.services.images.v1.Image;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.berth.proto.containerd.services.images.v1.UpdateImageRequest;
import io.berth.proto.containerd.services.images.v1.UpdateImageResponse;
import io.berth.proto.containerd.types.Descriptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth images tag, rm, label}: what they send and print, against an in-process images service. */
class ImagesCommandTest {
    private static final Descriptor TARGET = Descriptor.newBuilder()
            .setMediaType("application/vnd.oci.image.manifest.v1+json").setDigest("sha256:" + "ab".repeat(32))
            .setSize(512).build();

    @TempDir
    Path dir;

    private final Map<String, Image> images = new ConcurrentHashMap<>();
    private final List<Object> requests = new CopyOnWriteArrayList<>();
    private FakeDaemon daemon;

    /** Images by name with containerd's answers for absent and existing names; "locked" cannot be removed. */
    private final class Images extends ImagesGrpc.ImagesImplBase {
        @Override
        public void get(GetImageRequest request, StreamObserver<GetImageResponse> response) {
            Image image = images.get(request.getName());
            if (image == null) {
                response.onError(Status.NOT_FOUND.withDescription("image " + request.getName() + ": not found")
                        .asRuntimeException());
                return;
            }
            response.onNext(GetImageResponse.newBuilder().setImage(image).build());
            response.onCompleted();
        }

        @Override
        public void create(CreateImageRequest request, StreamObserver<CreateImageResponse> response) {
            requests.add(request);
            if (images.putIfAbsent(request.getImage().getName(), request.getImage()) != null) {
                response.onError(Status.ALREADY_EXISTS.withDescription("image exists").asRuntimeException());
                return;
            }
            response.onNext(CreateImageResponse.newBuilder().setImage(request.getImage()).build());
            response.onCompleted();
        }

        @Override
        public void update(UpdateImageRequest request, StreamObserver<UpdateImageResponse> response) {
            requests.add(request);
            response.onNext(UpdateImageResponse.newBuilder().setImage(request.getImage()).build());
            response.onCompleted();
        }

        @Override
        public void delete(DeleteImageRequest request, StreamObserver<Empty> response) {
            requests.add(request);
            if (request.getName().equals("locked")) {
                response.onError(Status.FAILED_PRECONDITION.withDescription("in use").asRuntimeException());
            } else if (images.remove(request.getName()) == null) {
                response.onError(Status.NOT_FOUND.withDescription("not found").asRuntimeException());
            } else {
                response.onNext(Empty.getDefaultInstance());
                response.onCompleted();
            }
        }
    }

    @BeforeEach
    void startDaemon() throws IOException {
        images.put("app:1", Image.newBuilder().setName("app:1").setTarget(TARGET).putLabels("k", "v").build());
        images.put("locked", Image.newBuilder().setName("locked").setTarget(TARGET).build());
        daemon = new FakeDaemon(dir.resolve("berth.sock"), List.of(), List.of(new Images()));
    }

    @AfterEach
    void stopDaemon() {
        daemon.close();
    }

    @Test
    void tagCreatesEachNameWithTheSourcesTargetAndLabels() {
        CliRun run = daemon.berth("images", "tag", "app:1", "app:2", "app:latest");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("app:2\napp:latest\n", run.out());
        assertEquals(TARGET, images.get("app:latest").getTarget());
        assertEquals(Map.of("k", "v"), images.get("app:2").getLabelsMap());
    }

    @Test
    void tagRefusesAnExistingNameUnlessForced() {
        CliRun refused = daemon.berth("images", "tag", "app:1", "locked");
        assertEquals(1, refused.exitCode());
        assertEquals("berth: tag locked: AlreadyExists: image exists\n", refused.err());

        images.put("old", Image.newBuilder().setName("old").setTarget(TARGET.toBuilder().setSize(1)).build());
        CliRun forced = daemon.berth("images", "tag", "--force", "app:1", "old");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals(TARGET, images.get("old").getTarget());
    }

    @Test
    void removeWarnsOfMissingNamesAndReportsFailures() {
        CliRun run = daemon.berth("i", "rm", "--sync", "app:1", "nothere", "locked");
        assertEquals(1, run.exitCode());
        assertEquals("app:1\n", run.out());
        assertEquals("berth: warning: nothere: image not found\n"
                + "berth: unable to delete locked: FailedPrecondition: in use\n", run.err());
        List<Boolean> syncs = requests.stream().map(r -> ((DeleteImageRequest) r).getSync()).toList();
        assertEquals(List.of(false, false, true), syncs, "only the last removal waits");
    }

    @Test
    void labelSendsTheKeysGivenOrReplacesAll() {
        daemon.berth("images", "label", "app:1", "a=1", "b=");
        UpdateImageRequest keys = (UpdateImageRequest) requests.getFirst();
        assertEquals(List.of("labels.a", "labels.b"), keys.getUpdateMask().getPathsList());
        assertEquals(Map.of("a", "1"), keys.getImage().getLabelsMap());

        CliRun run = daemon.berth("images", "label", "--replace-all", "app:1", "c=3");
        UpdateImageRequest all = (UpdateImageRequest) requests.getLast();
        assertEquals(List.of("labels"), all.getUpdateMask().getPathsList());
        assertEquals("c=3\n", run.out());
    }
}
