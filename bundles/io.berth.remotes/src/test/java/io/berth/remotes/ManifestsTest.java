package io.berth.remotes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.remotes.MediaTypes;
import io.berth.api.remotes.Platform;

class ManifestsTest {
    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);
    private static final String D3 = "sha256:" + "3".repeat(64);

    @Test
    void declaredMediaTypeWins() {
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST,
                Manifests.mediaType(bytes("{\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST_LIST + "\",\"manifests\":[]}")));
    }

    @Test
    void withoutMediaTypeTheFieldsTell() {
        assertEquals(MediaTypes.OCI_INDEX, Manifests.mediaType(bytes("{\"schemaVersion\":2,\"manifests\":[]}")));
        assertEquals(MediaTypes.OCI_MANIFEST, Manifests.mediaType(bytes(
                "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\"},\"layers\":[]}")));
        assertEquals(MediaTypes.DOCKER_MANIFEST, Manifests.mediaType(bytes(
                "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + MediaTypes.DOCKER_CONFIG + "\"},\"layers\":[]}")));
    }

    @Test
    void refusesWhatIsNoManifest() {
        for (String json : List.of("{\"schemaVersion\":1,\"fsLayers\":[]}", "{\"hello\":1}", "not json",
                "{\"mediaType\":\"text/plain\"}")) {
            BerthException refused = assertThrows(BerthException.class, () -> Manifests.mediaType(bytes(json)));
            assertEquals(ErrorKind.FAILED_PRECONDITION, refused.kind(), json);
        }
    }

    @Test
    void selectsTheBestPlatformFirstInOrder() {
        byte[] index = bytes("""
                {"manifests":[
                  {"mediaType":"%1$s","digest":"%2$s","size":1,"platform":{"os":"linux","architecture":"arm","variant":"v6"}},
                  {"mediaType":"%1$s","digest":"%3$s","size":2,"platform":{"os":"linux","architecture":"arm","variant":"v7"}},
                  {"mediaType":"%1$s","digest":"%4$s","size":3,"platform":{"os":"linux","architecture":"amd64"}},
                  {"mediaType":"application/vnd.in-toto+json","digest":"%4$s","size":3,"platform":{"os":"unknown","architecture":"unknown"}}
                ]}""".formatted(MediaTypes.OCI_MANIFEST, D1, D2, D3));
        List<Manifests.Entry> entries = Manifests.entries(index);

        assertEquals(D2, Manifests.select(entries, Platform.parse("linux/arm/v7")).digest().toString());
        assertEquals(D1, Manifests.select(entries, Platform.parse("linux/arm/v6")).digest().toString());
        assertEquals(D3, Manifests.select(entries, Platform.parse("linux/amd64")).digest().toString());
        assertEquals(D2, Manifests.select(entries, Platform.parse("linux/arm/v8")).digest().toString());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(BerthException.class,
                () -> Manifests.select(entries, Platform.parse("linux/arm/v5"))).kind());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
