package io.berth.cli;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * gRPC channels to a Unix domain socket, through the JDK's own socket support (NIO) so that no native
 * library is needed. Shutting a channel down also stops the event loop it owns.
 */
public final class UnixChannels {
    private UnixChannels() {
    }

    public static ManagedChannel open(Path socket) {
        // One thread is plenty for a client that makes a few calls on one connection.
        EventLoopGroup eventLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ManagedChannel channel = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                .channelType(NioDomainSocketChannel.class, UnixDomainSocketAddress.class)
                .eventLoopGroup(eventLoop)
                .usePlaintext()
                // HTTP/2 wants an authority; a socket path is none, and the server ignores it.
                .overrideAuthority("localhost")
                .build();
        return new EventLoopOwningChannel(channel, eventLoop);
    }
}
