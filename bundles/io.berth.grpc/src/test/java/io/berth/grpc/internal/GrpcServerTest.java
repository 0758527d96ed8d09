package io.berth.grpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;

import io.berth.api.errors.BerthException;
import io.berth.grpc.InlineMethods;
import io.berth.grpc.RequestContext;
import io.berth.proto.containerd.services.namespaces.v1.GetNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.GetNamespaceResponse;
import io.berth.proto.containerd.services.namespaces.v1.Namespace;
import io.berth.proto.containerd.services.namespaces.v1.NamespacesGrpc;
import io.berth.proto.containerd.services.version.v1.VersionGrpc;
import io.berth.proto.containerd.services.version.v1.VersionResponse;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;

class GrpcServerTest {
    @TempDir
    Path dir;

    private Path socket;
    private final List<String> logLines = Loggers.lines();
    private GrpcServer server;
    private EventLoopGroup clientLoop;
    private ManagedChannel channel;

    /** Answers Version, and echoes the request's namespace through the namespaces service. */
    private static final class Version extends VersionGrpc.VersionImplBase {
        @Override
        public void version(com.google.protobuf.Empty request, StreamObserver<VersionResponse> response) {
            response.onNext(VersionResponse.newBuilder().setVersion("9.9.9").build());
            response.onCompleted();
        }
    }

    /** Answers with the kind of thread that ran it. */
    private static final class ThreadReporter extends VersionGrpc.VersionImplBase {
        @Override
        public void version(com.google.protobuf.Empty request, StreamObserver<VersionResponse> response) {
            response.onNext(VersionResponse.newBuilder()
                    .setVersion(Thread.currentThread().isVirtual() ? "virtual" : "platform").build());
            response.onCompleted();
        }
    }

    private static final class Namespaces extends NamespacesGrpc.NamespacesImplBase {
        @Override
        public void get(GetNamespaceRequest request, StreamObserver<GetNamespaceResponse> response) {
            if (request.getName().equals("missing")) {
                throw BerthException.notFound("namespace %s not found", request.getName());
            }
            if (request.getName().equals("crash")) {
                throw new IllegalStateException("disk on fire");
            }
            if (request.getName().equals("unlinked")) {
                throw new NoClassDefFoundError("io/berth/Refreshed");
            }
            response.onNext(GetNamespaceResponse.newBuilder()
                    .setNamespace(Namespace.newBuilder().setName(RequestContext.namespace())).build());
            response.onCompleted();
        }
    }

    private GrpcServer start(BindableService... services) throws IOException {
        GrpcServer started = new GrpcServer(Loggers.recording(logLines, true), TestConfigs.serving(socket, 1 << 20));
        long id = 1;
        for (BindableService service : services) {
            started.addService(service, Map.of(Constants.SERVICE_ID, id++));
        }
        started.start();
        return started;
    }

    @BeforeEach
    void connect() {
        socket = dir.resolve("run/berth.sock");
        clientLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        channel = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                .channelType(NioDomainSocketChannel.class).eventLoopGroup(clientLoop)
                .usePlaintext().overrideAuthority("localhost").build();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (server != null) {
            server.stop();
        }
    }

    private NamespacesGrpc.NamespacesBlockingStub namespaces(String header) {
        Metadata metadata = new Metadata();
        metadata.put(RequestContext.NAMESPACE_HEADER, header);
        return NamespacesGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    @Test
    void servesOnASocketOnlyRootAndItsGroupMayUse() throws IOException {
        server = start(new Version());
        assertEquals("9.9.9", VersionGrpc.newBlockingStub(channel).version(com.google.protobuf.Empty.getDefaultInstance()).getVersion());
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        server.stop();
        server = null;
        assertFalse(Files.exists(socket), "socket removed at stop");
    }

    @Test
    void servicesComeAndGoWhileTheConnectionStays() throws IOException {
        Version version = new Version();
        Namespaces namespaces = new Namespaces();
        server = start(version, namespaces);
        var stub = VersionGrpc.newBlockingStub(channel);
        stub.version(com.google.protobuf.Empty.getDefaultInstance());

        server.removeService(namespaces);
        StatusRuntimeException gone = assertThrows(StatusRuntimeException.class,
                () -> namespaces("default").get(GetNamespaceRequest.newBuilder().setName("x").build()));
        assertEquals(Status.Code.UNIMPLEMENTED, gone.getStatus().getCode());
        assertTrue(gone.getStatus().getDescription().contains("containerd.services.namespaces.v1.Namespaces/Get"),
                gone.getStatus().getDescription());
        assertEquals("9.9.9", stub.version(com.google.protobuf.Empty.getDefaultInstance()).getVersion());

        server.addService(namespaces, Map.of(Constants.SERVICE_ID, 7L));
        assertEquals("k8s.io", namespaces("k8s.io").get(GetNamespaceRequest.newBuilder().setName("x").build())
                .getNamespace().getName());
    }

    @Test
    void onlyTheMethodsAServiceNamesInlineRunOnTheTransportThread() throws IOException {
        server = start();
        ThreadReporter reporter = new ThreadReporter();
        server.addService(reporter, Map.of(Constants.SERVICE_ID, 1L));
        var stub = VersionGrpc.newBlockingStub(channel);
        assertEquals("virtual", stub.version(com.google.protobuf.Empty.getDefaultInstance()).getVersion());

        server.removeService(reporter);
        server.addService(reporter, Map.of(Constants.SERVICE_ID, 2L, InlineMethods.PROPERTY, "Version"));
        assertEquals("platform", stub.version(com.google.protobuf.Empty.getDefaultInstance()).getVersion());
    }

    @Test
    void anInlineMethodFailsAsAnyOtherAndAnUnknownNameIsReported() throws IOException {
        server = start();
        server.addService(new Namespaces(), Map.of(Constants.SERVICE_ID, 1L,
                InlineMethods.PROPERTY, new String[] {"Get", "NoSuchMethod"}));
        assertTrue(logLines.stream().anyMatch(line -> line.contains("has no method {} to run inline")), logLines.toString());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> namespaces("default").get(GetNamespaceRequest.newBuilder().setName("missing").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("k8s.io", namespaces("k8s.io").get(GetNamespaceRequest.newBuilder().setName("x").build())
                .getNamespace().getName());
    }

    @Test
    void theNamespaceHeaderReachesTheServiceAndDefaultsToDefault() throws IOException {
        server = start(new Namespaces());
        assertEquals("k8s.io", namespaces("k8s.io").get(GetNamespaceRequest.newBuilder().setName("x").build())
                .getNamespace().getName());
        assertEquals("default", NamespacesGrpc.newBlockingStub(channel)
                .get(GetNamespaceRequest.newBuilder().setName("x").build()).getNamespace().getName());
    }

    @Test
    void aMalformedNamespaceHeaderIsInvalidArgument() throws IOException {
        server = start(new Namespaces());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> namespaces("../etc").get(GetNamespaceRequest.newBuilder().setName("x").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("../etc"), e.getStatus().getDescription());
    }

    @Test
    void berthErrorsKeepTheirKindAndOthersBecomeInternalWithAReason() throws IOException {
        server = start(new Namespaces());
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> namespaces("default").get(GetNamespaceRequest.newBuilder().setName("missing").build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals("namespace missing not found", missing.getStatus().getDescription());

        StatusRuntimeException crash = assertThrows(StatusRuntimeException.class,
                () -> namespaces("default").get(GetNamespaceRequest.newBuilder().setName("crash").build()));
        assertEquals(Status.Code.INTERNAL, crash.getStatus().getCode());
        assertEquals("disk on fire", crash.getStatus().getDescription());
        assertTrue(logLines.stream().anyMatch(l -> l.startsWith("error")), logLines.toString());
    }

    @Test
    void anErrorInAServiceIsInternalWithAReasonAndLogged() throws IOException {
        server = start(new Namespaces());
        StatusRuntimeException unlinked = assertThrows(StatusRuntimeException.class,
                () -> namespaces("default").get(GetNamespaceRequest.newBuilder().setName("unlinked").build()));
        assertEquals(Status.Code.INTERNAL, unlinked.getStatus().getCode());
        assertEquals("io/berth/Refreshed", unlinked.getStatus().getDescription());
        assertTrue(logLines.stream().anyMatch(l -> l.startsWith("error")), logLines.toString());
    }

    @Test
    void anUnknownServiceIsUnimplementedWithItsName() throws IOException {
        server = start(new Version());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> namespaces("default").get(GetNamespaceRequest.newBuilder().setName("x").build()));
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
    }

    @Test
    void anOversizedMessageIsRefusedAndTheServerKeepsServing() throws IOException {
        server = start(new Namespaces(), new Version());
        String huge = "x".repeat(2 << 20);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> namespaces("default").get(GetNamespaceRequest.newBuilder().setName(huge).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertEquals("9.9.9", VersionGrpc.newBlockingStub(channel).version(com.google.protobuf.Empty.getDefaultInstance()).getVersion());
    }

    @Test
    void garbageOnTheSocketClosesThatConnectionOnly() throws IOException {
        server = start(new Version());
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(socket));
            raw.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\n\r\n\u0000\u0001garbage".getBytes(StandardCharsets.ISO_8859_1)));
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            int read;
            while ((read = raw.read(buffer)) >= 0) {
                buffer.clear();
                assertTrue(read >= 0);
            }
        }
        assertEquals("9.9.9", VersionGrpc.newBlockingStub(channel).version(com.google.protobuf.Empty.getDefaultInstance()).getVersion());
    }

    @Test
    void aStaleSocketIsReplaced() throws IOException {
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "a dead daemon's socket file is left behind");
        server = start(new Version());
        assertEquals("9.9.9", VersionGrpc.newBlockingStub(channel).version(com.google.protobuf.Empty.getDefaultInstance()).getVersion());
    }

    @Test
    void aLiveSocketIsNeverTakenOver() throws IOException {
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socket));
            BerthException e = assertThrows(BerthException.class, () -> start(new Version()));
            assertTrue(e.getMessage().contains("another daemon is serving"), e.getMessage());
            assertTrue(Files.exists(socket), "the live daemon's socket is left alone");
        }
    }

    @Test
    void callsAreLoggedAtDebugLevel() throws IOException {
        server = start(new Version());
        VersionGrpc.newBlockingStub(channel).version(com.google.protobuf.Empty.getDefaultInstance());
        assertTrue(logLines.stream().anyMatch(l -> l.startsWith("debug") && l.contains("{} {} {}µs")), logLines.toString());
    }
}
