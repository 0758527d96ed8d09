package io.berth.grpc.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.service.log.Logger;

import io.grpc.BindableService;

/**
 * The real gRPC server of io.berth.grpc, started by hand for the services' tests. It lives in the
 * server's package because the server's lifecycle is package-private: Declarative Services drives it.
 */
public final class TestGrpcServer implements AutoCloseable {
    private final GrpcServer server;

    private TestGrpcServer(GrpcServer server) {
        this.server = server;
    }

    /** Serves the services on a Unix socket at the given path. */
    public static TestGrpcServer start(Path socket, BindableService... services) throws IOException {
        GrpcServer server = new GrpcServer(silentLogger(), config(socket));
        long id = 1;
        for (BindableService service : services) {
            server.addService(service, Map.of(Constants.SERVICE_ID, id++));
        }
        server.start();
        return new TestGrpcServer(server);
    }

    @Override
    public void close() {
        server.stop();
    }

    private static Logger silentLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
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
