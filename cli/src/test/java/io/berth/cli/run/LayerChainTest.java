package io.berth.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.cli.CommandFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layers' chain id that berth run prepares a container's snapshot on. */
class LayerChainTest {
    private static final String ONE = "sha256:" + "1".repeat(64);
    private static final String TWO = "sha256:" + "2".repeat(64);
    private static final String THREE = "sha256:" + "3".repeat(64);

    @Test
    void readsTheDiffIdsOfTheConfigsRootfs() {
        LayerChain chain = LayerChain.of("""
                {"architecture":"amd64","os":"linux","config":{"Cmd":["sh"]},
                 "rootfs":{"type":"layers","diff_ids":["%s","%s"]}}""".formatted(ONE, TWO)
                .getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of(ONE, TWO), chain.diffIds());
    }

    @Test
    void theChainIdOfOneLayerIsItsDiffId() {
        assertEquals(ONE, new LayerChain(List.of(ONE)).chainId());
    }

    @Test
    void theChainIdHashesEachPreviousChainIdWithTheNextDiffId() {
        // Computed with sha256sum over "chain diff" for each step.
        assertEquals("sha256:9932074217c35353d2e03a3f5a86549f7c67bfeb0ba53e23d69f4d4c8f7958f5",
                new LayerChain(List.of(ONE, TWO)).chainId());
        assertEquals("sha256:50127c0d6b338be78246434b4bce23ecf75e505158ea0bbd15effeb162fbf3ec",
                new LayerChain(List.of(ONE, TWO, THREE)).chainId());
    }

    @Test
    void anImageWithoutLayersHasNoRootFilesystem() {
        LayerChain empty = LayerChain.of("{\"rootfs\":{}}".getBytes(StandardCharsets.UTF_8));

        assertEquals("the image has no layers to make a root filesystem of",
                assertThrows(CommandFailure.class, empty::chainId).getMessage());
    }

    @Test
    void aConfigThatIsNoJsonObjectIsRefused() {
        assertThrows(CommandFailure.class, () -> LayerChain.of("[1,2]".getBytes(StandardCharsets.UTF_8)));
    }
}
