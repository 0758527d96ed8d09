package io.berth.services.push;

import io.berth.api.content.Descriptor;
import io.berth.api.errors.BerthException;
import io.berth.api.images.PushOptions;
import io.berth.api.remotes.Credentials;
import io.berth.api.remotes.Platform;
import io.berth.proto.berth.services.images.v1.PushBlobProgress;
import io.berth.proto.berth.services.images.v1.PushProgress;
import io.berth.proto.berth.services.images.v1.PushRequest;
import io.berth.proto.berth.services.images.v1.PushState;
import io.berth.proto.berth.services.images.v1.PushedImage;

/** Translates between the push service's messages and the image pusher's types. */
final class PushMessages {
    private PushMessages() {
    }

    /** The request's options over the pusher's defaults; an image is required, a secret needs a user. */
    static PushOptions options(PushRequest request) {
        if (request.getImage().isBlank()) {
            throw BerthException.invalidArgument("push: an image name is required");
        }
        if (request.getUsername().isEmpty() && !request.getSecret().isEmpty()) {
            throw BerthException.invalidArgument("push: a secret was given without a user name");
        }
        PushOptions options = PushOptions.defaults().withPlainHttp(request.getPlainHttp());
        if (!request.getPlatform().isEmpty()) {
            options = options.withPlatform(Platform.parse(request.getPlatform()));
        }
        if (!request.getUsername().isEmpty()) {
            options = options.withCredentials(Credentials.of(request.getUsername(), request.getSecret()));
        }
        return options;
    }

    static PushProgress toProto(io.berth.api.images.PushProgress progress) {
        return PushProgress.newBuilder().setBlob(PushBlobProgress.newBuilder()
                .setDigest(progress.blob().digest().toString())
                .setMediaType(progress.blob().mediaType())
                .setDone(progress.done())
                .setTotal(progress.total())
                .setState(state(progress.state())))
                .build();
    }

    static PushProgress toProto(String reference, Descriptor root) {
        return PushProgress.newBuilder().setImage(PushedImage.newBuilder()
                .setReference(reference)
                .setTargetDigest(root.digest().toString())
                .setTargetMediaType(root.mediaType()))
                .build();
    }

    private static PushState state(io.berth.api.images.PushProgress.State state) {
        return switch (state) {
            case PUSHING -> PushState.PUSH_STATE_PUSHING;
            case EXISTS -> PushState.PUSH_STATE_EXISTS;
            case MOUNTED -> PushState.PUSH_STATE_MOUNTED;
            case PUSHED -> PushState.PUSH_STATE_PUSHED;
        };
    }
}
