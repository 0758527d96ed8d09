package io.berth.remotes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.remotes.Credentials;
import io.berth.api.remotes.ResolveOptions;
import io.berth.api.remotes.Resolved;

/** docker-registry's htpasswd authentication: Basic with the caller's credentials. */
class BasicAuthTest {
    private static final Path PERL = Path.of("/usr/bin/perl");
    private static final String USER = "berth";
    private static final String PASSWORD = "s3cret pass";

    @TempDir
    static Path dir;
    private static LocalRegistry registry;
    private static TestImage image;

    @BeforeAll
    static void startRegistry() throws Exception {
        LocalRegistry.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(PERL), PERL + " is not installed: it makes the bcrypt htpasswd line");
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, USER + ":" + bcrypt(PASSWORD) + "\n");
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        registry = LocalRegistry.start(dir.resolve("registry"), """
                auth:
                  htpasswd:
                    realm: berth-test
                    path: %s
                """.formatted(htpasswd), null, basic);
        image = TestImage.pushOci(registry, "private/app", "1", "amd64", 5000);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    /** The bcrypt hash the registry wants, through the C library's crypt(3) (libxcrypt knows {@code $2b$}). */
    private static String bcrypt(String password) throws Exception {
        Process perl = new ProcessBuilder(PERL.toString(), "-e", "print crypt($ARGV[0], $ARGV[1])", password,
                "$2b$05$bErThTeStSaLtSaLtSaLtu").start();
        String hash = new String(perl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        Assumptions.assumeTrue(perl.waitFor() == 0 && hash.startsWith("$2b$"),
                "the C library's crypt(3) has no bcrypt: " + hash);
        return hash;
    }

    @Test
    void pullsWithCredentials(@TempDir Path certsD) throws Exception {
        ResolveOptions options = new ResolveOptions(true, Credentials.of(USER, PASSWORD));
        try (RegistryClient client = new RegistryClient(certsD, Clock.systemUTC())) {
            Resolved resolved = client.resolve(registry.host() + "/private/app:1", options);

            assertEquals(image.manifest(), resolved.root());
            assertArrayEquals(image.layerContents().getFirst(),
                    RegistryClientTest.read(client.fetch(resolved, image.layers().getFirst())));
        }
    }

    @Test
    void anonymousIsDenied(@TempDir Path certsD) {
        try (RegistryClient client = new RegistryClient(certsD, Clock.systemUTC())) {
            BerthException denied = assertThrows(BerthException.class,
                    () -> client.resolve(registry.host() + "/private/app:1", ResolveOptions.defaults().withPlainHttp(true)));

            assertEquals(ErrorKind.PERMISSION_DENIED, denied.kind());
            assertTrue(denied.getMessage().contains("none were given"), denied.getMessage());
        }
    }

    @Test
    void wrongPasswordIsDenied(@TempDir Path certsD) {
        ResolveOptions options = new ResolveOptions(true, Credentials.of(USER, "wrong"));
        try (RegistryClient client = new RegistryClient(certsD, Clock.systemUTC())) {
            BerthException denied = assertThrows(BerthException.class,
                    () -> client.resolve(registry.host() + "/private/app:1", options));

            assertEquals(ErrorKind.PERMISSION_DENIED, denied.kind());
            assertTrue(denied.getMessage().contains("HTTP 401"), denied.getMessage());
        }
    }
}
