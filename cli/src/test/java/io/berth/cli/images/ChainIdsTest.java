package io.berth.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);

    @Test
    void oneLayersChainIdIsItsDiffIdAndEachNextHashesTheParentAndTheLayer() throws Exception {
        String ab = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest((A + " " + B).getBytes(StandardCharsets.UTF_8)));
        String abc = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest((ab + " " + C).getBytes(StandardCharsets.UTF_8)));

        assertEquals("", ChainIds.top(List.of()));
        assertEquals(A, ChainIds.top(List.of(A)));
        assertEquals(ab, ChainIds.top(List.of(A, B)));
        assertEquals(abc, ChainIds.top(List.of(A, B, C)));
    }
}
