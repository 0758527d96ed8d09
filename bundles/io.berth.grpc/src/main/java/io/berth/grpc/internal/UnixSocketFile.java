package io.berth.grpc.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import io.berth.api.errors.BerthException;

/** The socket file: made ready before binding, and given its owner and mode after. */
final class UnixSocketFile {
    private static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-rw----");
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx--x--x");

    private UnixSocketFile() {
    }

    /**
     * Creates the parent directory and removes a stale socket left by a daemon that died.
     * A socket that still answers belongs to a live daemon and is never taken over.
     */
    static void prepare(Path socket) throws IOException {
        Path parent = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            Files.createDirectories(parent);
            Files.setPosixFilePermissions(parent, DIRECTORY_MODE);
        }
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (answers(socket)) {
            throw BerthException.failedPrecondition("another daemon is serving %s", socket);
        }
        Files.delete(socket);
    }

    /**
     * Mode 0660 and the configured owner, so that only the owner and the socket's group can
     * connect. An id of -1 keeps what the daemon created the socket with.
     */
    static void restrict(Path socket, int uid, int gid) throws IOException {
        Files.setPosixFilePermissions(socket, SOCKET_MODE);
        own(socket, "unix:uid", uid);
        own(socket, "unix:gid", gid);
    }

    private static void own(Path socket, String attribute, int id) throws IOException {
        if (id >= 0 && !Integer.valueOf(id).equals(Files.getAttribute(socket, attribute, LinkOption.NOFOLLOW_LINKS))) {
            Files.setAttribute(socket, attribute, id, LinkOption.NOFOLLOW_LINKS);
        }
    }

    static boolean answers(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }
}
