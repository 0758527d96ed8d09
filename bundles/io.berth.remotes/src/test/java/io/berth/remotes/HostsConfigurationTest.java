package io.berth.remotes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.remotes.ResolveOptions;
import io.berth.api.remotes.Resolved;

/** hosts.toml mirrors in front of a server, with two real registries: the mirror has the image, the server not. */
class HostsConfigurationTest {
    @TempDir
    static Path dir;
    private static LocalRegistry server;
    private static LocalRegistry mirror;
    private static TestImage image;

    @BeforeAll
    static void startRegistries() throws Exception {
        LocalRegistry.assumeInstalled();
        server = LocalRegistry.start(dir.resolve("server"));
        mirror = LocalRegistry.start(dir.resolve("mirror"));
        image = TestImage.pushOci(mirror, "apps/mirrored", "1", "amd64", 20_000);
    }

    @AfterAll
    static void stopRegistries() throws Exception {
        for (LocalRegistry registry : new LocalRegistry[] { server, mirror }) {
            if (registry != null) {
                registry.close();
            }
        }
    }

    @Test
    void pullsThroughTheMirrorAndSeesEditsWithoutRestart(@TempDir Path certsD) throws Exception {
        try (RegistryClient client = new RegistryClient(certsD, Clock.systemUTC())) {
            String reference = server.host() + "/apps/mirrored:1";
            BerthException direct = assertThrows(BerthException.class,
                    () -> client.resolve(reference, ResolveOptions.defaults().withPlainHttp(true)));
            assertEquals(ErrorKind.NOT_FOUND, direct.kind());

            writeHosts(certsD, """
                    server = "%s"

                    [host."%s"]
                      capabilities = ["pull", "resolve"]
                    """.formatted(server.url(), mirror.url()));
            Resolved resolved = client.resolve(reference, ResolveOptions.defaults());

            assertEquals(image.manifest(), resolved.root());
            assertArrayEquals(image.layerContents().get(1),
                    RegistryClientTest.read(client.fetch(resolved, image.layers().get(1))));
        }
    }

    @Test
    void mirrorWithoutResolveServesDigestsOnly(@TempDir Path certsD) throws Exception {
        writeHosts(certsD, """
                server = "%s"

                [host."%s"]
                  capabilities = ["pull"]
                """.formatted(server.url(), mirror.url()));
        try (RegistryClient client = new RegistryClient(certsD, Clock.systemUTC())) {
            BerthException byTag = assertThrows(BerthException.class,
                    () -> client.resolve(server.host() + "/apps/mirrored:1", ResolveOptions.defaults()));
            assertEquals(ErrorKind.NOT_FOUND, byTag.kind());

            Resolved byDigest = client.resolve(server.host() + "/apps/mirrored@" + image.manifest().digest(),
                    ResolveOptions.defaults());
            assertEquals(image.manifest(), byDigest.root());
        }
    }

    @Test
    void triesMirrorsInOrderAndFallsBackToTheServer(@TempDir Path certsD) throws Exception {
        TestImage onServer = TestImage.pushOci(server, "apps/server-only", "1", "amd64", 1000);
        writeHosts(certsD, """
                server = "%s"

                [host."%s/v2"]
                  override_path = true
                [host."%s"]
                  header = { X-Berth-Test = "mirror" }
                """.formatted(server.url(), mirror.url(), mirror.url()));
        try (RegistryClient client = new RegistryClient(certsD, Clock.systemUTC())) {
            assertEquals(onServer.manifest(),
                    client.resolve(server.host() + "/apps/server-only:1", ResolveOptions.defaults()).root());
            assertEquals(image.manifest(),
                    client.resolve(server.host() + "/apps/mirrored:1", ResolveOptions.defaults()).root());
        }
    }

    @Test
    void malformedHostsFileIsAClearError(@TempDir Path certsD) throws Exception {
        writeHosts(certsD, "server = [\n");
        try (RegistryClient client = new RegistryClient(certsD, Clock.systemUTC())) {
            BerthException bad = assertThrows(BerthException.class,
                    () -> client.resolve(server.host() + "/apps/mirrored:1", ResolveOptions.defaults()));
            assertEquals(ErrorKind.FAILED_PRECONDITION, bad.kind());
            assertTrue(bad.getMessage().contains("hosts.toml"), bad.getMessage());
        }
    }

    private static void writeHosts(Path certsD, String toml) throws Exception {
        Files.writeString(Files.createDirectories(certsD.resolve(server.host())).resolve("hosts.toml"), toml);
    }
}
