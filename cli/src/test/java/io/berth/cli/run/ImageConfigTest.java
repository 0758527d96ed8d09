package io.berth.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.cli.CommandFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The process defaults and the layers' chain id that berth run reads from an image config. */
class ImageConfigTest {
    private static final String ONE = "sha256:" + "1".repeat(64);
    private static final String TWO = "sha256:" + "2".repeat(64);
    private static final String THREE = "sha256:" + "3".repeat(64);

    @Test
    void readsTheProcessDefaultsAndDiffIds() {
        ImageConfig config = ImageConfig.parse("""
                {"architecture":"amd64","os":"linux",
                 "config":{"Env":["PATH=/bin","A=1"],"Entrypoint":["/entry"],"Cmd":["serve","-v"],
                           "WorkingDir":"/srv","User":"1000:1000"},
                 "rootfs":{"type":"layers","diff_ids":["%s","%s"]}}""".formatted(ONE, TWO));

        assertEquals(new ImageConfig(List.of("PATH=/bin", "A=1"), List.of("/entry"), List.of("serve", "-v"), "/srv",
                "1000:1000", List.of(ONE, TWO)), config);
    }

    @Test
    void anAbsentConfigSectionGivesEmptyDefaults() {
        ImageConfig config = ImageConfig.parse("{\"rootfs\":{\"diff_ids\":[\"" + ONE + "\"]}}");

        assertEquals(new ImageConfig(List.of(), List.of(), List.of(), "", "", List.of(ONE)), config);
    }

    @Test
    void theChainIdOfOneLayerIsItsDiffId() {
        assertEquals(ONE, new ImageConfig(List.of(), List.of(), List.of(), "", "", List.of(ONE)).chainId());
    }

    @Test
    void theChainIdHashesEachPreviousChainIdWithTheNextDiffId() {
        // Computed with sha256sum over "chain diff" for each step.
        assertEquals("sha256:9932074217c35353d2e03a3f5a86549f7c67bfeb0ba53e23d69f4d4c8f7958f5",
                new ImageConfig(List.of(), List.of(), List.of(), "", "", List.of(ONE, TWO)).chainId());
        assertEquals("sha256:50127c0d6b338be78246434b4bce23ecf75e505158ea0bbd15effeb162fbf3ec",
                new ImageConfig(List.of(), List.of(), List.of(), "", "", List.of(ONE, TWO, THREE)).chainId());
    }

    @Test
    void anImageWithoutLayersHasNoRootFilesystem() {
        ImageConfig empty = new ImageConfig(List.of(), List.of(), List.of(), "", "", List.of());

        assertEquals("the image has no layers to make a root filesystem of",
                assertThrows(CommandFailure.class, empty::chainId).getMessage());
    }

    @Test
    void aConfigThatIsNoJsonObjectIsRefused() {
        assertThrows(CommandFailure.class, () -> ImageConfig.parse("[1,2]"));
    }
}
