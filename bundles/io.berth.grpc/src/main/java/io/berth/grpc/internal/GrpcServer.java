package io.berth.grpc.internal;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.berth.grpc.InlineMethods;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.util.MutableHandlerRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The gRPC server on the Unix socket. Services are a whiteboard: every {@link BindableService}
 * in the service registry is served from the moment it appears until it goes away, while the
 * socket and the connections on it stay up.
 */
@Component(configurationPid = "io.berth.grpc", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = GrpcConfig.class)
public final class GrpcServer {
    private final MutableHandlerRegistry registry = new MutableHandlerRegistry();
    private final ServiceTable services = new ServiceTable(registry);
    private final Logger log;
    private final Path socket;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService calls;
    private final int uid;
    private final int gid;
    private final ServerBootstrap bootstrap;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel listening;
    /** Whether the socket file is ours to remove: not when another daemon owns it. */
    private volatile boolean bound;

    @Activate
    public GrpcServer(@Reference(service = LoggerFactory.class) Logger log, GrpcConfig config) {
        this.log = log;
        this.socket = Path.of(config.address());
        this.uid = config.uid();
        this.gid = config.gid();
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("grpc-call-", 0).factory());
        CallRouter router = new CallRouter(registry, services,
                List.of(new ErrorInterceptor(log), new RequestContextInterceptor(), new CallLogInterceptor(log)),
                calls, config.max_recv_message_size());
        bootstrap = new ServerBootstrap().group(boss, workers)
                .channel(NioServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel connection) {
                        connections.add(connection);
                        connection.pipeline().addLast(GrpcConnection.create(router, log));
                    }
                });
    }

    /** Runs after the services present at start-up are bound, so that the first client finds them. */
    @Activate
    void start() throws IOException {
        try {
            UnixSocketFile.prepare(socket);
            ChannelFuture bind = bootstrap.bind(UnixDomainSocketAddress.of(socket)).awaitUninterruptibly();
            if (!bind.isSuccess()) {
                throw new IOException("cannot listen on " + socket + ": " + bind.cause().getMessage(), bind.cause());
            }
            listening = bind.channel();
            bound = true;
            UnixSocketFile.restrict(socket, uid, gid);
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
        log.info("serving on {}", socket);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addService(BindableService service, Map<String, Object> properties) {
        ServerServiceDefinition definition = service.bindService();
        services.add(new ServiceTable.Entry(service,
                properties.get(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0,
                (Long) properties.get(Constants.SERVICE_ID), definition,
                inlineMethods(definition, properties.get(InlineMethods.PROPERTY))));
    }

    /** The full names of the methods the property names; a name the service does not have is reported and left out. */
    private Set<String> inlineMethods(ServerServiceDefinition definition, Object property) {
        List<String> names = switch (property) {
            case null -> List.of();
            case String name -> List.of(name);
            case String[] several -> List.of(several);
            default -> {
                log.warn("service {}: {} is not a method name or a list of them: {}",
                        definition.getServiceDescriptor().getName(), InlineMethods.PROPERTY, property);
                yield List.of();
            }
        };
        Set<String> methods = new HashSet<>();
        for (String name : names) {
            String full = MethodDescriptor.generateFullMethodName(definition.getServiceDescriptor().getName(), name);
            if (definition.getMethod(full) == null) {
                log.warn("service {} has no method {} to run inline", definition.getServiceDescriptor().getName(),
                        name);
            } else {
                methods.add(full);
            }
        }
        return Set.copyOf(methods);
    }

    void removeService(BindableService service) {
        services.remove(service);
    }

    @Deactivate
    void stop() {
        if (listening != null) {
            listening.close().awaitUninterruptibly();
        }
        // Each connection says GOAWAY and lets its calls finish, for a few seconds at most.
        connections.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        calls.shutdown();
        if (!bound) {
            return;
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", socket, e.getMessage());
        }
    }
}
