package io.berth.services.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.FieldMask;

import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.events.Event;
import io.berth.api.events.EventBus;
import io.berth.content.local.LocalContentStore;
import io.berth.gc.Collector;
import io.berth.grpc.RequestContext;
import io.berth.grpc.internal.TestGrpcServer;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.proto.containerd.services.images.v1.CreateImageRequest;
import io.berth.proto.containerd.services.images.v1.DeleteImageRequest;
import io.berth.proto.containerd.services.images.v1.GetImageRequest;
import io.berth.proto.containerd.services.images.v1.Image;
import io.berth.proto.containerd.services.images.v1.ImageCreate;
import io.berth.proto.containerd.services.images.v1.ImageDelete;
import io.berth.proto.containerd.services.images.v1.ImageUpdate;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.berth.proto.containerd.services.images.v1.ListImagesRequest;
import io.berth.proto.containerd.services.images.v1.UpdateImageRequest;
import io.berth.proto.containerd.types.Descriptor;
import io.berth.services.events.TestBus;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.EventLoopGroup;

/** The images service over the real gRPC server on a Unix socket, on a real SQLite store. */
class ImagesServiceTest {
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String ROOT = sha256("root");
    private static final String OTHER = sha256("other");

    @TempDir
    Path dir;

    private SqliteDatabase metadata;
    private EventBus events;
    private TestGrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        events = TestBus.start();
        Path socket = dir.resolve("berth.sock");
        server = TestGrpcServer.start(socket, new ImagesService(metadata,
                new Collector(metadata, new LocalContentStore(dir.resolve("content")), Duration.ofDays(1)), events));
        channel = server.channel();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        metadata.close();
    }

    private static String sha256(String text) {
        return Digest.compute(DigestAlgorithm.SHA256, text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private ImagesGrpc.ImagesBlockingStub images(String namespace) {
        Metadata headers = new Metadata();
        headers.put(RequestContext.NAMESPACE_HEADER, namespace);
        return ImagesGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static Descriptor target(String mediaType, String digest, long size) {
        return Descriptor.newBuilder().setMediaType(mediaType).setDigest(digest).setSize(size).build();
    }

    private static Image image(String name, Descriptor target, Map<String, String> labels) {
        return Image.newBuilder().setName(name).setTarget(target).putAllLabels(labels).build();
    }

    private static Image create(ImagesGrpc.ImagesBlockingStub stub, Image image) {
        return stub.create(CreateImageRequest.newBuilder().setImage(image).build()).getImage();
    }

    private static Image get(ImagesGrpc.ImagesBlockingStub stub, String name) {
        return stub.get(GetImageRequest.newBuilder().setName(name).build()).getImage();
    }

    private static List<String> names(ImagesGrpc.ImagesBlockingStub stub, String... filters) {
        return stub.list(ListImagesRequest.newBuilder().addAllFilters(List.of(filters)).build()).getImagesList()
                .stream().map(Image::getName).toList();
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void createThenGetAndList() {
        var stub = images("default");
        Image created = create(stub, image("docker.io/library/busybox:latest", target(INDEX, ROOT, 10),
                Map.of("team", "a")));
        assertEquals("docker.io/library/busybox:latest", created.getName());
        assertEquals(target(INDEX, ROOT, 10), created.getTarget());
        assertEquals(Map.of("team", "a"), created.getLabelsMap());
        assertTrue(created.hasCreatedAt());
        assertEquals(created.getCreatedAt(), created.getUpdatedAt());
        assertEquals(created, get(stub, "docker.io/library/busybox:latest"));
        assertEquals(List.of("docker.io/library/busybox:latest"), names(stub));
    }

    @Test
    void createRefusesDuplicatesAndWhatContainerdRefuses() {
        var stub = images("default");
        create(stub, image("a", target(INDEX, ROOT, 10), Map.of()));
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> create(stub, image("a", target(INDEX, OTHER, 5), Map.of()))));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create(stub, image("", target(INDEX, ROOT, 10), Map.of()))));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create(stub, image("b", target("", ROOT, 10), Map.of()))));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create(stub, image("b", target(INDEX, ROOT, 0), Map.of()))));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create(stub, image("b", target(INDEX, "sha256:1", 10),
                Map.of()))));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create(stub, Image.newBuilder().setName("b").build())));
        assertEquals(Status.Code.NOT_FOUND, code(() -> get(stub, "b")));
    }

    @Test
    void listTakesContainerdsFilters() {
        var stub = images("default");
        create(stub, image("a", target(INDEX, ROOT, 10), Map.of("team", "x")));
        create(stub, image("b", target(MANIFEST, OTHER, 10), Map.of("team", "y")));
        assertEquals(List.of("b"), names(stub, "name==b"));
        assertEquals(List.of("a"), names(stub, "labels.team==x"));
        assertEquals(List.of("b"), names(stub, "target.digest==" + OTHER));
        assertEquals(List.of("a"), names(stub, "target.mediatype==" + INDEX));
        // Separate filters are alternatives, as in containerd.
        assertEquals(List.of("a", "b"), names(stub, "name==a", "labels.team==y"));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> names(stub, "name==")));
    }

    @Test
    void updateFollowsTheFieldPaths() {
        var stub = images("default");
        Image created = create(stub, image("i", target(INDEX, ROOT, 10), Map.of("a", "1", "b", "2")));
        Image labels = stub.update(UpdateImageRequest.newBuilder()
                .setImage(Image.newBuilder().setName("i").putLabels("a", "9"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.a").addPaths("labels.b")).build()).getImage();
        assertEquals(Map.of("a", "9"), labels.getLabelsMap());
        assertEquals(created.getTarget(), labels.getTarget());
        assertEquals(created.getCreatedAt(), labels.getCreatedAt());
        assertNotEquals(created.getUpdatedAt(), labels.getUpdatedAt());

        Image target = stub.update(UpdateImageRequest.newBuilder()
                .setImage(image("i", target(MANIFEST, OTHER, 20), Map.of()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("target")).build()).getImage();
        assertEquals(target(MANIFEST, OTHER, 20), target.getTarget());
        assertEquals(Map.of("a", "9"), target.getLabelsMap());

        Image all = stub.update(UpdateImageRequest.newBuilder()
                .setImage(image("i", target(INDEX, ROOT, 10), Map.of("c", "3"))).build()).getImage();
        assertEquals(Map.of("c", "3"), all.getLabelsMap());
        assertEquals(target(INDEX, ROOT, 10), all.getTarget());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.update(
                UpdateImageRequest.newBuilder().setImage(image("i", target(INDEX, ROOT, 10), Map.of()))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("cannot update \"name\" field on image \"i\"", e.getStatus().getDescription());
        assertEquals(Status.Code.NOT_FOUND, code(() -> stub.update(UpdateImageRequest.newBuilder()
                .setImage(image("missing", target(INDEX, ROOT, 10), Map.of())).build())));
    }

    /** containerd's Go client sends an empty target beside the labels it changes ({@code ctr images label}). */
    @Test
    void anEmptyTargetBesideLabelPathsLeavesTheTargetAndAsAWholeIsRefused() {
        var stub = images("default");
        create(stub, image("i", target(INDEX, ROOT, 10), Map.of()));
        Image labelled = stub.update(UpdateImageRequest.newBuilder()
                .setImage(image("i", Descriptor.getDefaultInstance(), Map.of("team", "a")))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.team")).build()).getImage();
        assertEquals(Map.of("team", "a"), labelled.getLabelsMap());
        assertEquals(target(INDEX, ROOT, 10), labelled.getTarget());
        assertEquals(Status.Code.NOT_FOUND, code(() -> stub.update(UpdateImageRequest.newBuilder()
                .setImage(image("missing", Descriptor.getDefaultInstance(), Map.of("team", "a")))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.team")).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> stub.update(UpdateImageRequest.newBuilder()
                .setImage(image("i", Descriptor.getDefaultInstance(), Map.of())).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create(stub,
                image("j", Descriptor.getDefaultInstance(), Map.of()))));
    }

    @Test
    void deleteRemovesTheImageAndChecksAGivenTarget() {
        var stub = images("default");
        create(stub, image("i", target(INDEX, ROOT, 10), Map.of()));
        assertEquals(Status.Code.NOT_FOUND, code(() -> stub.delete(DeleteImageRequest.newBuilder().setName("i")
                .setTarget(target(INDEX, OTHER, 10)).build())));
        stub.delete(DeleteImageRequest.newBuilder().setName("i").setSync(true).build());
        assertEquals(List.of(), names(stub));
        assertEquals(Status.Code.NOT_FOUND, code(() -> stub.delete(DeleteImageRequest.newBuilder().setName("i").build())));
    }

    @Test
    void namespacesDoNotSeeEachOthersImages() {
        create(images("a"), image("i", target(INDEX, ROOT, 10), Map.of()));
        create(images("b"), image("i", target(MANIFEST, OTHER, 10), Map.of()));
        assertEquals(ROOT, get(images("a"), "i").getTarget().getDigest());
        assertEquals(OTHER, get(images("b"), "i").getTarget().getDigest());
        images("a").delete(DeleteImageRequest.newBuilder().setName("i").build());
        assertEquals(List.of(), names(images("a")));
        assertEquals(List.of("i"), names(images("b")));
        assertEquals(Status.Code.NOT_FOUND, code(() -> get(images("c"), "i")));
    }

    @Test
    void changesArePublishedInTheImagesNamespace() throws Exception {
        TestBus.Received received = TestBus.subscribe(events);
        ImagesGrpc.ImagesBlockingStub stub = images("k8s.io");
        create(stub, image("docker.io/library/busybox:latest", target(INDEX, ROOT, 10), Map.of("a", "1")));
        stub.update(UpdateImageRequest.newBuilder().setImage(image("docker.io/library/busybox:latest",
                target(INDEX, ROOT, 10), Map.of("b", "2"))).build());
        stub.delete(DeleteImageRequest.newBuilder().setName("docker.io/library/busybox:latest").build());

        Event created = received.next();
        assertEquals("k8s.io", created.namespace());
        assertEquals("/images/create", created.topic());
        assertEquals("containerd.services.images.v1.ImageCreate", created.typeUrl());
        assertEquals(ImageCreate.newBuilder().setName("docker.io/library/busybox:latest").putLabels("a", "1").build(),
                ImageCreate.parseFrom(created.payload()));
        Event updated = received.next();
        assertEquals("/images/update", updated.topic());
        assertEquals("containerd.services.images.v1.ImageUpdate", updated.typeUrl());
        assertEquals(Map.of("b", "2"), ImageUpdate.parseFrom(updated.payload()).getLabelsMap());
        Event deleted = received.next();
        assertEquals("/images/delete", deleted.topic());
        assertEquals("containerd.services.images.v1.ImageDelete", deleted.typeUrl());
        assertEquals("docker.io/library/busybox:latest", ImageDelete.parseFrom(deleted.payload()).getName());
    }
}
