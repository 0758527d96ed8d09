package io.berth.services.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.images.PullOptions;
import io.berth.api.remotes.Credential;
import io.berth.api.remotes.Platform;
import io.berth.proto.berth.services.images.v1.BlobState;
import io.berth.proto.berth.services.images.v1.PullProgress;
import io.berth.proto.berth.services.images.v1.PullRequest;

class PullMessagesTest {
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));

    @Test
    void emptyFieldsKeepThePullersDefaults() {
        PullOptions options = PullMessages.options(PullRequest.newBuilder().setReference("r/app:1").build());

        assertEquals(Platform.host(), options.platform());
        assertEquals(PullOptions.DEFAULT_SNAPSHOTTER, options.snapshotter());
        assertFalse(options.plainHttp());
        assertTrue(options.credentials().forHost("r").isEmpty());
    }

    @Test
    void givenFieldsReachTheOptions() {
        PullOptions options = PullMessages.options(PullRequest.newBuilder().setReference("r/app:1")
                .setPlatform("linux/arm64").setSnapshotter("native").setPlainHttp(true).setUnpack(true)
                .setUsername("me").setSecret("pw").build());

        assertEquals(new Platform("linux", "arm64", ""), options.platform());
        assertEquals("native", options.snapshotter());
        assertTrue(options.plainHttp());
        assertTrue(options.unpack());
        assertEquals(new Credential("me", "pw"), options.credentials().forHost("r").orElseThrow());
    }

    @Test
    void badRequestsAreInvalidArguments() {
        for (PullRequest request : new PullRequest[] {
                PullRequest.getDefaultInstance(),
                PullRequest.newBuilder().setReference("r/app:1").setSecret("pw").build(),
                PullRequest.newBuilder().setReference("r/app:1").setPlatform("linux").build()}) {
            BerthException refused = assertThrows(BerthException.class, () -> PullMessages.options(request));
            assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind(), refused.getMessage());
        }
    }

    @Test
    void progressCarriesTheBlobAndItsState() {
        PullProgress message = PullMessages.toProto(new io.berth.api.images.PullProgress(
                new Descriptor(LAYER, DIGEST, 10, Map.of()), 4, 10, io.berth.api.images.PullProgress.State.FETCHING));

        assertEquals(DIGEST.toString(), message.getBlob().getDigest());
        assertEquals(LAYER, message.getBlob().getMediaType());
        assertEquals(4, message.getBlob().getDone());
        assertEquals(10, message.getBlob().getTotal());
        assertEquals(BlobState.FETCHING, message.getBlob().getState());
    }
}
