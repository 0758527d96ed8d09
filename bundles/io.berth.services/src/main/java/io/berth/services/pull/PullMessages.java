package io.berth.services.pull;

import io.berth.api.errors.BerthException;
import io.berth.api.images.PullOptions;
import io.berth.api.metadata.Image;
import io.berth.api.remotes.Credentials;
import io.berth.api.remotes.Platform;
import io.berth.proto.berth.services.images.v1.BlobProgress;
import io.berth.proto.berth.services.images.v1.BlobState;
import io.berth.proto.berth.services.images.v1.PullProgress;
import io.berth.proto.berth.services.images.v1.PullRequest;
import io.berth.proto.berth.services.images.v1.PulledImage;

/** Translates between the pull service's messages and the image puller's types. */
final class PullMessages {
    private PullMessages() {
    }

    /** The request's options over the puller's defaults; a reference is required, a secret needs a user. */
    static PullOptions options(PullRequest request) {
        if (request.getReference().isBlank()) {
            throw BerthException.invalidArgument("pull: an image reference is required");
        }
        if (request.getUsername().isEmpty() && !request.getSecret().isEmpty()) {
            throw BerthException.invalidArgument("pull: a secret was given without a user name");
        }
        PullOptions options = PullOptions.defaults().withPlainHttp(request.getPlainHttp())
                .withUnpack(request.getUnpack());
        if (!request.getPlatform().isEmpty()) {
            options = options.withPlatform(Platform.parse(request.getPlatform()));
        }
        if (!request.getSnapshotter().isEmpty()) {
            options = options.withSnapshotter(request.getSnapshotter());
        }
        if (!request.getUsername().isEmpty()) {
            options = options.withCredentials(Credentials.of(request.getUsername(), request.getSecret()));
        }
        return options;
    }

    static PullProgress toProto(io.berth.api.images.PullProgress progress) {
        return PullProgress.newBuilder().setBlob(BlobProgress.newBuilder()
                .setDigest(progress.blob().digest().toString())
                .setMediaType(progress.blob().mediaType())
                .setDone(progress.done())
                .setTotal(progress.total())
                .setState(state(progress.state())))
                .build();
    }

    static PullProgress toProto(Image image) {
        return PullProgress.newBuilder().setImage(PulledImage.newBuilder()
                .setName(image.name())
                .setTargetDigest(image.target().digest().toString())
                .setTargetMediaType(image.target().mediaType()))
                .build();
    }

    private static BlobState state(io.berth.api.images.PullProgress.State state) {
        return switch (state) {
            case FETCHING -> BlobState.FETCHING;
            case EXISTS -> BlobState.EXISTS;
            case FETCHED -> BlobState.FETCHED;
            case UNPACKING -> BlobState.UNPACKING;
            case UNPACKED -> BlobState.UNPACKED;
        };
    }
}
