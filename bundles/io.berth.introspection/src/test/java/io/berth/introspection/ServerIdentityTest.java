package io.berth.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIdentityTest {
    @TempDir
    Path root;

    @Test
    void theUuidIsMadeOnceAndKeptAcrossRestarts() throws IOException {
        Path dir = root.resolve("io.containerd.grpc.v1.introspection");
        String first = ServerIdentity.uuid(dir);
        UUID.fromString(first);
        assertEquals(first, Files.readString(dir.resolve("uuid")));
        assertEquals(first, ServerIdentity.uuid(dir));
    }

    @Test
    void aDamagedUuidFileIsReplaced() throws IOException {
        Files.writeString(root.resolve("uuid"), "not-a-uuid\u0000");
        String made = ServerIdentity.uuid(root);
        assertNotEquals("not-a-uuid", made);
        assertEquals(made, ServerIdentity.uuid(root));
        try (var files = Files.list(root)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void thePidNamespaceIsTheKernelsInode() throws IOException {
        String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        assertTrue(link.contains(Long.toString(ServerIdentity.pidNamespace())), link);
    }
}
