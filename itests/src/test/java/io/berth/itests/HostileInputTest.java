package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Empty;

import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Namespaced;
import io.berth.proto.containerd.services.introspection.v1.IntrospectionGrpc;
import io.berth.proto.containerd.services.introspection.v1.PluginsRequest;
import io.berth.proto.containerd.services.version.v1.VersionGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;

/** Malformed and hostile clients get an error or a closed connection; everyone else is still served. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
    @TempDir
    static Path dir;

    private DaemonProcess daemon;
    private ManagedChannel channel;

    @BeforeAll
    void startDaemon() throws Exception {
        daemon = DaemonProcess.start(dir.resolve("berthd"), "");
        channel = daemon.channel();
    }

    @AfterAll
    void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** After each hostile act, a well-behaved client on its own connection is still answered. */
    @AfterEach
    void othersAreStillServed() {
        assertTrue(daemon.isAlive(), daemon.log());
        assertTrue(VersionGrpc.newBlockingStub(daemon.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .version(Empty.getDefaultInstance()).getVersion().startsWith("0.1.0"));
    }

    private IntrospectionGrpc.IntrospectionBlockingStub inNamespace(String namespace) {
        return Namespaced.stub(IntrospectionGrpc.newBlockingStub(channel), namespace);
    }

    @Test
    void aMalformedNamespaceHeaderIsAnInvalidArgumentThatNamesIt() {
        for (String bad : new String[] {"../etc", "a/b", "-x", "x".repeat(77), "sp ace"}) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> inNamespace(bad).plugins(PluginsRequest.getDefaultInstance()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), bad);
            assertTrue(e.getStatus().getDescription().contains("namespace"), e.getStatus().getDescription());
        }
        assertTrue(inNamespace("k8s.io").plugins(PluginsRequest.getDefaultInstance()).getPluginsCount() > 0);
    }

    @Test
    void anUnknownServiceIsUnimplemented() {
        MethodDescriptor<Empty, Empty> unknown = MethodDescriptor.<Empty, Empty>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("containerd.services.nothing.v1.Nothing/Do")
                .setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
                .build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, unknown, CallOptions.DEFAULT, Empty.getDefaultInstance()));
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("containerd.services.nothing.v1.Nothing/Do"),
                e.getStatus().getDescription());
    }

    @Test
    void anOversizedMessageIsRefusedAsResourceExhausted() {
        PluginsRequest huge = PluginsRequest.newBuilder().addFilters("id==" + "x".repeat(17 << 20)).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> IntrospectionGrpc.newBlockingStub(channel).plugins(huge));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    }

    @Test
    void aMalformedFilterIsAnInvalidArgument() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> IntrospectionGrpc.newBlockingStub(channel).plugins(PluginsRequest.newBuilder()
                        .addFilters("labels.\"unterminated").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void garbageInsteadOfHttp2GetsTheConnectionClosed() throws IOException {
        assertClosedAfter("GET / HTTP/1.1\r\nHost: berth\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] noise = new byte[64 << 10];
        new java.util.Random(42).nextBytes(noise);
        assertClosedAfter(noise);
    }

    @Test
    void aValidPrefaceFollowedByBrokenFramesGetsTheConnectionClosed() throws IOException {
        byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] brokenFrame = {0, 0, 4, (byte) 0xff, 0, 0, 0, 0, 1, 1, 2, 3, 4};
        byte[] both = new byte[preface.length + brokenFrame.length];
        System.arraycopy(preface, 0, both, 0, preface.length);
        System.arraycopy(brokenFrame, 0, both, preface.length, brokenFrame.length);
        assertClosedAfter(both);
    }

    @Test
    void aClientThatConnectsAndLeavesHarmsNobody() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                raw.connect(UnixDomainSocketAddress.of(daemon.socket()));
            }
        }
    }

    /** Sends the bytes and reads until the server closes the connection (it must, within 30 s). */
    private void assertClosedAfter(byte[] bytes) throws IOException {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(daemon.socket()));
            AtomicBoolean gaveUp = new AtomicBoolean();
            Thread watchdog = Thread.startVirtualThread(() -> {
                try {
                    Thread.sleep(30_000);
                    gaveUp.set(true);
                    raw.close();
                } catch (InterruptedException | IOException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                raw.write(ByteBuffer.wrap(bytes));
                InputStream in = Channels.newInputStream(raw);
                byte[] buffer = new byte[8192];
                while (in.read(buffer) >= 0) {
                    // The server may answer with a GOAWAY frame before it closes.
                }
            } catch (IOException closedByServer) {
                // A reset or a broken pipe is the server closing too.
            } finally {
                watchdog.interrupt();
            }
            assertFalse(gaveUp.get(), "the server kept a garbage connection open for 30 s");
        }
    }
}
