package io.berth.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketProbeTest {
    @TempDir
    Path dir;

    @Test
    void aListeningSocketIsServed() throws IOException {
        Path socket = dir.resolve("live.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertTrue(SocketProbe.isServing(socket));
        }
    }

    @Test
    void aSocketFileLeftByADeadServerIsStale() throws IOException {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "closing a server leaves its socket file");
        assertFalse(SocketProbe.isServing(socket));
        assertTrue(Files.exists(socket), "a stale socket is left for the gRPC bundle to replace");
    }

    @Test
    void aMissingFileOrARegularFileIsNotServed() throws IOException {
        assertFalse(SocketProbe.isServing(dir.resolve("missing.sock")));
        assertFalse(SocketProbe.isServing(Files.writeString(dir.resolve("plain.sock"), "x")));
    }
}
