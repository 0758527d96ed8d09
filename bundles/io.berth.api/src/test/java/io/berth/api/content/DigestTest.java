package io.berth.api.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class DigestTest {
    private static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAndPrintsSha256() {
        Digest digest = Digest.parse(EMPTY_SHA256);
        assertEquals(DigestAlgorithm.SHA256, digest.algorithm());
        assertEquals(EMPTY_SHA256, digest.toString());
    }

    @Test
    void computesTheDigestOfBytes() {
        assertEquals(Digest.parse(EMPTY_SHA256), Digest.compute(DigestAlgorithm.SHA256, new byte[0]));
        Digest sha512 = Digest.compute(DigestAlgorithm.SHA512, "abc".getBytes(StandardCharsets.UTF_8));
        assertEquals(128, sha512.hex().length());
        assertEquals(sha512, Digest.parse(sha512.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "sha256:", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256:../../../../../../../../../../../../../../../../../../../../../etc/passwd"})
    void refusesMalformedDigests(String text) {
        BerthException e = assertThrows(BerthException.class, () -> Digest.parse(text));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
    }

    @Test
    void refusesUnknownAlgorithmsByName() {
        BerthException e = assertThrows(BerthException.class, () -> Digest.parse("md5:d41d8cd98f00b204e9800998ecf8427e"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("\"md5\""), e.getMessage());
    }
}
