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

    /** Mode 0660 and the configured owner, so that only root and the socket's group can connect. */
    static void restrict(Path socket, int uid, int gid) throws IOException {
        Files.setPosixFilePermissions(socket, SOCKET_MODE);
        if (!Integer.valueOf(uid).equals(Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
            Files.setAttribute(socket, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        }
        if (!Integer.valueOf(gid).equals(Files.getAttribute(socket, "unix:gid", LinkOption.NOFOLLOW_LINKS))) {
            Files.setAttribute(socket, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
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
