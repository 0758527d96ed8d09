package io.berth.cli;

import com.google.protobuf.Empty;
import io.berth.proto.containerd.services.introspection.v1.IntrospectionGrpc;
import io.berth.proto.containerd.services.introspection.v1.Plugin;
import io.berth.proto.containerd.services.introspection.v1.PluginsRequest;
import io.berth.proto.containerd.services.introspection.v1.PluginsResponse;
import io.berth.proto.containerd.services.introspection.v1.ServerResponse;
import io.berth.proto.containerd.services.version.v1.VersionGrpc;
import io.berth.proto.containerd.services.version.v1.VersionResponse;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for berthd in tests: grpc-java serving containerd's Version and Introspection services
 * with fixed answers on a Unix socket, recording what the client sent.
 */
public final class FakeDaemon implements AutoCloseable {
    public static final String VERSION = "1.2.3";
    public static final String REVISION = "0123456789abcdef0123456789abcdef01234567";
    public static final String UUID = "5a1e1e5d-7c2b-4d0e-9f3a-2b8c6d4e1f00";
    public static final long PID = 4242;

    private final Path socket;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Server server;
    private final List<String> namespacesSeen = new CopyOnWriteArrayList<>();
    private final List<List<String>> filtersSeen = new CopyOnWriteArrayList<>();
    private volatile Status pluginsFailure;
    private volatile boolean pluginsHang;

    public FakeDaemon(Path socket, List<Plugin> plugins) throws IOException {
        this(socket, plugins, List.of());
    }

    /** Also serves {@code services}, in-process stand-ins for the daemon's other APIs. */
    public FakeDaemon(Path socket, List<Plugin> plugins, List<BindableService> services) throws IOException {
        this.socket = socket;
        ServerInterceptor namespaceRecorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                namespacesSeen.add(headers.get(Daemon.NAMESPACE_HEADER));
                return next.startCall(call, headers);
            }
        };
        NettyServerBuilder builder = NettyServerBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                .channelType(NioServerDomainSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .addService(ServerInterceptors.intercept(new FixedVersion(), namespaceRecorder))
                .addService(ServerInterceptors.intercept(new FixedIntrospection(plugins), namespaceRecorder));
        services.forEach(service -> builder.addService(ServerInterceptors.intercept(service, namespaceRecorder)));
        server = builder.build().start();
    }

    /** The arguments to run berth against this daemon: {@code --address <socket>} then {@code args}. */
    public CliRun berth(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--address";
        all[1] = socket.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    public Path socket() {
        return socket;
    }

    /** The containerd-namespace header of every call so far, in order. */
    public List<String> namespacesSeen() {
        return namespacesSeen;
    }

    public List<List<String>> filtersSeen() {
        return filtersSeen;
    }

    public void failPluginsWith(Status status) {
        pluginsFailure = status;
    }

    /** Plugins calls are accepted and never answered, as by a daemon that is stuck. */
    public void hangPlugins() {
        pluginsHang = true;
    }

    @Override
    public void close() {
        server.shutdownNow();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class FixedVersion extends VersionGrpc.VersionImplBase {
        @Override
        public void version(Empty request, StreamObserver<VersionResponse> response) {
            response.onNext(VersionResponse.newBuilder().setVersion(VERSION).setRevision(REVISION).build());
            response.onCompleted();
        }
    }

    private final class FixedIntrospection extends IntrospectionGrpc.IntrospectionImplBase {
        private final List<Plugin> plugins;

        FixedIntrospection(List<Plugin> plugins) {
            this.plugins = plugins;
        }

        @Override
        public void server(Empty request, StreamObserver<ServerResponse> response) {
            response.onNext(ServerResponse.newBuilder().setUuid(UUID).setPid(PID).build());
            response.onCompleted();
        }

        @Override
        public void plugins(PluginsRequest request, StreamObserver<PluginsResponse> response) {
            filtersSeen.add(List.copyOf(request.getFiltersList()));
            if (pluginsHang) {
                return;
            }
            if (pluginsFailure != null) {
                response.onError(pluginsFailure.asRuntimeException());
                return;
            }
            response.onNext(PluginsResponse.newBuilder().addAllPlugins(plugins).build());
            response.onCompleted();
        }
    }
}
