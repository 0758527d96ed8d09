package io.berth.launcher;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a Unix socket has a live server behind it. */
final class SocketProbe {
    private SocketProbe() {
    }

    /**
     * True when something accepts a connection on {@code socket}. A missing file, a stale socket
     * left by a crash (connection refused) or a path that is no socket all answer false. The stat
     * first spares the usual start (no file) the loading of the socket classes, some 30 ms.
     */
    static boolean isServing(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return channel.isConnected();
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
