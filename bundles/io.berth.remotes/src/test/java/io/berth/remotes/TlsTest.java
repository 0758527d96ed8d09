package io.berth.remotes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

/** A registry on HTTPS with a certificate from a test CA that only hosts.toml makes trusted. */
class TlsTest {
    @TempDir
    static Path dir;
    private static TestCerts.ServerCert certs;
    private static LocalRegistry registry;
    private static TestImage image;

    @BeforeAll
    static void startRegistry() throws Exception {
        LocalRegistry.assumeInstalled();
        TestCerts.assumeInstalled();
        certs = TestCerts.serverCert(dir.resolve("certs"));
        registry = LocalRegistry.start(dir.resolve("registry"), "", certs, null);
        image = TestImage.pushOci(registry, "secure/app", "1", "amd64", 4000);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void trustsTheCaNamedInHostsToml(@TempDir Path certsD) throws Exception {
        Path hostDir = Files.createDirectories(certsD.resolve(registry.host()));
        Files.copy(certs.ca(), hostDir.resolve("test-ca.pem"));
        Files.writeString(hostDir.resolve("hosts.toml"), """
                server = "%s"

                [host."%s"]
                  ca = "test-ca.pem"
                """.formatted(registry.url(), registry.url()));
        try (RegistryClient client = new RegistryClient(certsD, Clock.systemUTC())) {
            Resolved resolved = client.resolve(registry.host() + "/secure/app:1", ResolveOptions.defaults());

            assertEquals(image.manifest(), resolved.root());
            assertArrayEquals(image.layerContents().getFirst(),
                    RegistryClientTest.read(client.fetch(resolved, image.layers().getFirst())));
        }
    }

    @Test
    void refusesAnUntrustedCertificate(@TempDir Path certsD) {
        try (RegistryClient client = new RegistryClient(certsD, Clock.systemUTC())) {
            BerthException untrusted = assertThrows(BerthException.class,
                    () -> client.resolve(registry.host() + "/secure/app:1", ResolveOptions.defaults()));

            assertEquals(ErrorKind.UNAVAILABLE, untrusted.kind());
        }
    }

    @Test
    void skipVerifyTrustsAnyCertificate(@TempDir Path certsD) throws Exception {
        Files.writeString(Files.createDirectories(certsD.resolve(registry.host())).resolve("hosts.toml"), """
                server = "%s"
                skip_verify = true
                """.formatted(registry.url()));
        try (RegistryClient client = new RegistryClient(certsD, Clock.systemUTC())) {
            assertEquals(image.manifest(),
                    client.resolve(registry.host() + "/secure/app:1", ResolveOptions.defaults()).root());
        }
    }
}
