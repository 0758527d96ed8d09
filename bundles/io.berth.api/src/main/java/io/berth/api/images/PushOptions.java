package io.berth.api.images;

import java.util.Objects;
import java.util.Optional;

import io.berth.api.remotes.Credentials;
import io.berth.api.remotes.Platform;

/**
 * How to push an image.
 *
 * @param platform when present and the image is an index, push only that platform's manifest, as the root
 * @param plainHttp talk HTTP to a registry that has no hosts.toml saying otherwise
 * @param credentials the user name and secret for a registry host
 */
public record PushOptions(Optional<Platform> platform, boolean plainHttp, Credentials credentials) {
    public PushOptions {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** Every platform the image has, HTTPS, anonymous. */
    public static PushOptions defaults() {
        return new PushOptions(Optional.empty(), false, Credentials.NONE);
    }

    public PushOptions withPlatform(Platform given) {
        return new PushOptions(Optional.of(given), plainHttp, credentials);
    }

    public PushOptions withPlainHttp(boolean given) {
        return new PushOptions(platform, given, credentials);
    }

    public PushOptions withCredentials(Credentials given) {
        return new PushOptions(platform, plainHttp, given);
    }
}
