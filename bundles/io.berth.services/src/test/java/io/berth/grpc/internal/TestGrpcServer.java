package io.berth.grpc.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Constants;

import io.berth.grpc.InlineMethods;
import io.berth.services.TestLoggers;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;

/**
 * The real gRPC server of io.berth.grpc, started by hand for the services' tests. It lives in the
 * server's package because the server's lifecycle is package-private: Declarative Services drives it.
 */
public final class TestGrpcServer implements AutoCloseable {
    private final GrpcServer server;
    private final Path socket;
    private EventLoopGroup clientLoop;
    private ManagedChannel channel;

    private TestGrpcServer(GrpcServer server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    /** Serves the services on a Unix socket at the given path. */
    public static TestGrpcServer start(Path socket, BindableService... services) throws IOException {
        GrpcServer server = new GrpcServer(TestLoggers.silent(), config(socket));
        long id = 1;
        for (BindableService service : services) {
            server.addService(service, Map.of(Constants.SERVICE_ID, id++));
        }
        server.start();
        return new TestGrpcServer(server, socket);
    }

    /**
     * Serves one service on a Unix socket, with the methods its component names in {@link InlineMethods#PROPERTY}
     * run on the transport thread as in the daemon.
     */
    public static TestGrpcServer startInline(Path socket, BindableService service, String... inlineMethods)
            throws IOException {
        GrpcServer server = new GrpcServer(TestLoggers.silent(), config(socket));
        server.addService(service, Map.of(Constants.SERVICE_ID, 1L, InlineMethods.PROPERTY, inlineMethods));
        server.start();
        return new TestGrpcServer(server, socket);
    }

    /** A client channel to the server, made at the first call and closed with the server. */
    public synchronized ManagedChannel channel() {
        if (channel == null) {
            clientLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            channel = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                    .channelType(NioDomainSocketChannel.class).eventLoopGroup(clientLoop)
                    .usePlaintext().overrideAuthority("localhost").build();
        }
        return channel;
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        server.stop();
    }

    private static GrpcConfig config(Path socket) {
        return new GrpcConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return GrpcConfig.class;
            }

            @Override
            public String address() {
                return socket.toString();
            }

            @Override
            public int uid() {
                return -1;
            }

            @Override
            public int gid() {
                return -1;
            }

            @Override
            public int max_recv_message_size() {
                // The daemon's default: containerd's clients send 1 MiB of data per Write message.
                return 16 << 20;
            }
        };
    }
}
