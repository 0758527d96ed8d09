package io.berth.grpc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "gRPC server", description = "The API socket, containerd's [grpc] section.")
@interface GrpcConfig {
    @AttributeDefinition(description = "Unix socket that serves the CRI and containerd's API")
    String address() default "/run/berth/berth.sock";

    @AttributeDefinition(description = "Owner uid of the socket; -1 keeps the daemon's own")
    int uid() default -1;

    @AttributeDefinition(description = "Owner gid of the socket; -1 keeps the daemon's own")
    int gid() default -1;

    @AttributeDefinition(description = "Largest request message accepted, in bytes")
    int max_recv_message_size() default 16 << 20;
}
