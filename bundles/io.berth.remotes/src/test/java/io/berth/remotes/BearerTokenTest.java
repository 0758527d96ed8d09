package io.berth.remotes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.remotes.Credentials;
import io.berth.api.remotes.ResolveOptions;
import io.berth.api.remotes.Resolved;
import io.berth.test.support.SigningKey;
import io.berth.test.support.TokenServer;

/** The bearer flow against a real registry in token mode: 401 challenge, token from the realm, retry. */
class BearerTokenTest {
    private static final String USER = "puller";
    private static final String PASSWORD = "token-pass";
    private static final ResolveOptions OPTIONS = new ResolveOptions(true, Credentials.of(USER, PASSWORD));

    @TempDir
    static Path dir;
    private static TokenServer tokens;
    private static LocalRegistry registry;
    private static TestImage image;

    @BeforeAll
    static void startRegistry() throws Exception {
        LocalRegistry.assumeInstalled();
        TestCerts.assumeInstalled();
        tokens = TokenServer.start(SigningKey.create(dir.resolve("keys")), USER, PASSWORD);
        String pushToken = tokens.mint(List.of("repository:tokens/app:pull,push"));
        registry = LocalRegistry.start(dir.resolve("registry"), tokens.registryConfig(), null, "Bearer " + pushToken);
        image = TestImage.pushOci(registry, "tokens/app", "1", "amd64", 7000);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @Test
    void pullsWithOneTokenPerScope(@TempDir Path certsD) throws Exception {
        try (RegistryClient client = new RegistryClient(certsD, Clock.systemUTC())) {
            int before = tokens.issued();
            Resolved resolved = client.resolve(registry.host() + "/tokens/app:1", OPTIONS);

            assertEquals(image.manifest(), resolved.root());
            assertArrayEquals(image.layerContents().get(0),
                    RegistryClientTest.read(client.fetch(resolved, image.layers().get(0))));
            assertArrayEquals(image.layerContents().get(1),
                    RegistryClientTest.read(client.fetch(resolved, image.layers().get(1))));
            assertEquals(before + 1, tokens.issued());
        }
    }

    @Test
    void asksForANewTokenWhenTheOldOneExpired(@TempDir Path certsD) throws Exception {
        MovableClock clock = new MovableClock();
        try (RegistryClient client = new RegistryClient(certsD, clock)) {
            int before = tokens.issued();
            client.resolve(registry.host() + "/tokens/app:1", OPTIONS);
            clock.advance(Duration.ofSeconds(TokenServer.EXPIRES_IN));

            client.resolve(registry.host() + "/tokens/app:1", OPTIONS);

            assertEquals(before + 2, tokens.issued());
        }
    }

    @Test
    void refusedCredentialsArePermissionDenied(@TempDir Path certsD) {
        try (RegistryClient client = new RegistryClient(certsD, Clock.systemUTC())) {
            BerthException denied = assertThrows(BerthException.class, () -> client.resolve(
                    registry.host() + "/tokens/app:1", new ResolveOptions(true, Credentials.of(USER, "wrong"))));

            assertEquals(ErrorKind.PERMISSION_DENIED, denied.kind());
            assertTrue(denied.getMessage().contains("token server"), denied.getMessage());
        }
    }
}
