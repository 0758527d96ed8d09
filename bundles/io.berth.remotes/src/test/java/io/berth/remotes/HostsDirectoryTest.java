package io.berth.remotes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class HostsDirectoryTest {
    @TempDir
    Path certsD;

    @Test
    void withoutHostsFileTheHostIsAskedDirectly() {
        HostsDirectory hosts = new HostsDirectory(certsD);

        assertEquals(URI.create("https://registry-1.docker.io/v2"), hosts.hosts("docker.io", false).getFirst().root());
        assertEquals(URI.create("http://127.0.0.1:5000/v2"), hosts.hosts("127.0.0.1:5000", true).getFirst().root());
    }

    @Test
    void mirrorsInFileOrderThenTheServer() throws Exception {
        Path dir = Files.createDirectories(certsD.resolve("docker.io"));
        Files.writeString(dir.resolve("ca.pem"), "CA PEM");
        Files.writeString(dir.resolve("hosts.toml"), """
                server = "https://registry-1.docker.io"

                [host."https://mirror-b.example/base"]
                  capabilities = ["pull"]
                  ca = "ca.pem"
                  skip_verify = true
                  [host."https://mirror-b.example/base".header]
                    X-Token = ["a", "b"]
                [host."http://mirror-a.example:5000/custom/api"]
                  override_path = true
                """);

        List<RegistryHost> hosts = new HostsDirectory(certsD).hosts("docker.io", false);

        assertEquals(List.of(URI.create("https://mirror-b.example/base/v2"),
                URI.create("http://mirror-a.example:5000/custom/api"), URI.create("https://registry-1.docker.io/v2")),
                hosts.stream().map(RegistryHost::root).toList());
        RegistryHost first = hosts.getFirst();
        assertTrue(first.pull());
        assertFalse(first.resolve());
        assertTrue(first.tls().skipVerify());
        assertEquals(List.of("CA PEM"), first.tls().caPems());
        assertEquals(Map.of("X-Token", List.of("a", "b")), first.headers());
        assertTrue(hosts.get(1).resolve() && hosts.get(1).pull());
        assertFalse(hosts.get(1).push(), "a mirror takes pushes only when its capabilities say so");
        assertTrue(hosts.get(2).push(), "the server takes pushes unless its capabilities say otherwise");
    }

    @Test
    void missingCaFileIsAClearError() throws Exception {
        Path dir = Files.createDirectories(certsD.resolve("example.com"));
        Files.writeString(dir.resolve("hosts.toml"), "ca = \"absent.pem\"\n");

        BerthException refused = assertThrows(BerthException.class,
                () -> new HostsDirectory(certsD).hosts("example.com", false));

        assertEquals(ErrorKind.FAILED_PRECONDITION, refused.kind());
        assertTrue(refused.getMessage().contains("absent.pem"), refused.getMessage());
    }

    @Test
    void refusesAHostUrlThatIsNotHttp() throws Exception {
        Path dir = Files.createDirectories(certsD.resolve("example.com"));
        Files.writeString(dir.resolve("hosts.toml"), "server = \"ftp://example.com\"\n");

        BerthException refused = assertThrows(BerthException.class,
                () -> new HostsDirectory(certsD).hosts("example.com", false));

        assertTrue(refused.getMessage().contains("not an http or https URL"), refused.getMessage());
    }
}
