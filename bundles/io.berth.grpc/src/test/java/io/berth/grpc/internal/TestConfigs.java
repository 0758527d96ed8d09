package io.berth.grpc.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;

/** Configurations of the gRPC server for tests. */
final class TestConfigs {
    private TestConfigs() {
    }

    /** The server's configuration for a socket two levels below a directory whose owner owns the socket too. */
    static GrpcConfig serving(Path socket, int maxMessage) {
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
                return unixId("unix:uid");
            }

            @Override
            public int gid() {
                return unixId("unix:gid");
            }

            @Override
            public int max_recv_message_size() {
                return maxMessage;
            }

            private int unixId(String attribute) {
                try {
                    return (Integer) Files.getAttribute(socket.getParent().getParent(), attribute);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
