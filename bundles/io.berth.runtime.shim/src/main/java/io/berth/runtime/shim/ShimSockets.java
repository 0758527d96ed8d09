package io.berth.runtime.shim;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import io.berth.api.errors.BerthException;

/** The socket file of a shim that died without removing it, which only its shim would otherwise remove. */
final class ShimSockets {
    private ShimSockets() {
    }

    /** Removes the socket an address names when it is a socket that nothing accepts connections on. */
    static void removeIfDead(String address) {
        Path socket;
        try {
            socket = ShimAddress.parse(address).socket();
        } catch (BerthException notAnAddress) {
            return;
        }
        try {
            if (!Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                return;
            }
            try (SocketChannel alive = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                return;
            } catch (IOException refused) {
                Files.deleteIfExists(socket);
            }
        } catch (IOException gone) {
            // No such file: nothing to remove.
        }
    }
}
