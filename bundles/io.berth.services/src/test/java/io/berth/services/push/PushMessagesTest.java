package io.berth.services.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.images.PushOptions;
import io.berth.api.remotes.Credential;
import io.berth.api.remotes.Platform;
import io.berth.proto.berth.services.images.v1.PushProgress;
import io.berth.proto.berth.services.images.v1.PushRequest;
import io.berth.proto.berth.services.images.v1.PushState;

class PushMessagesTest {
    private static final Digest DIGEST = Digest.parse("sha256:" + "cd".repeat(32));

    @Test
    void emptyFieldsKeepThePushersDefaults() {
        PushOptions options = PushMessages.options(PushRequest.newBuilder().setImage("r/app:1").build());

        assertEquals(Optional.empty(), options.platform());
        assertFalse(options.plainHttp());
        assertTrue(options.credentials().forHost("r").isEmpty());
    }

    @Test
    void givenFieldsReachTheOptions() {
        PushOptions options = PushMessages.options(PushRequest.newBuilder().setImage("r/app:1")
                .setPlatform("linux/arm64").setPlainHttp(true).setUsername("me").setSecret("pw").build());

        assertEquals(Optional.of(new Platform("linux", "arm64", "")), options.platform());
        assertTrue(options.plainHttp());
        assertEquals(new Credential("me", "pw"), options.credentials().forHost("r").orElseThrow());
    }

    @Test
    void missingImageAndSecretWithoutUserAreInvalid() {
        BerthException noImage = assertThrows(BerthException.class,
                () -> PushMessages.options(PushRequest.newBuilder().build()));
        BerthException noUser = assertThrows(BerthException.class,
                () -> PushMessages.options(PushRequest.newBuilder().setImage("r/app:1").setSecret("pw").build()));

        assertEquals(ErrorKind.INVALID_ARGUMENT, noImage.kind());
        assertEquals(ErrorKind.INVALID_ARGUMENT, noUser.kind());
    }

    @Test
    void progressCarriesEveryField() {
        Descriptor layer = new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", DIGEST, 100, Map.of());

        PushProgress message = PushMessages.toProto(new io.berth.api.images.PushProgress(layer, 40, 100,
                io.berth.api.images.PushProgress.State.MOUNTED));

        assertEquals(DIGEST.toString(), message.getBlob().getDigest());
        assertEquals(layer.mediaType(), message.getBlob().getMediaType());
        assertEquals(40, message.getBlob().getDone());
        assertEquals(100, message.getBlob().getTotal());
        assertEquals(PushState.PUSH_STATE_MOUNTED, message.getBlob().getState());
    }
}
