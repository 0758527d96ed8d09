package io.berth.api.remotes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class ReferenceTest {
    private static final String DIGEST = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @ParameterizedTest
    @CsvSource({
        "busybox, docker.io/library/busybox:latest",
        "busybox:1.36, docker.io/library/busybox:1.36",
        "library/busybox, docker.io/library/busybox:latest",
        "user/app:v1, docker.io/user/app:v1",
        "docker.io/busybox, docker.io/library/busybox:latest",
        "index.docker.io/library/busybox:1, docker.io/library/busybox:1",
        "localhost/app, localhost/app:latest",
        "127.0.0.1:5000/a/b/c:tag, 127.0.0.1:5000/a/b/c:tag",
        "registry.example.com/app_1.x-y, registry.example.com/app_1.x-y:latest",
    })
    void normalisesLikeDocker(String given, String normalised) {
        assertEquals(normalised, Reference.parse(given).toString());
    }

    @Test
    void digestWithoutTagHasNoTag() {
        Reference reference = Reference.parse("127.0.0.1:5000/app@" + DIGEST);

        assertEquals("127.0.0.1:5000", reference.host());
        assertEquals("app", reference.repository());
        assertNull(reference.tag());
        assertEquals(Digest.parse(DIGEST), reference.digest());
        assertEquals(DIGEST, reference.object());
    }

    @Test
    void tagAndDigestKeepBothAndAskForTheDigest() {
        Reference reference = Reference.parse("example.com:443/app:1@" + DIGEST);

        assertEquals("1", reference.tag());
        assertEquals(DIGEST, reference.object());
        assertEquals("example.com:443/app:1@" + DIGEST, reference.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Busybox", "example.com/App:1", "app:-bad", "app@sha256:abc", "a//b", "app:",
        "example.com/../etc:1", "/app" })
    void refusesMalformedReferences(String given) {
        BerthException refused = assertThrows(BerthException.class, () -> Reference.parse(given));

        assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind());
    }
}
