package io.berth.api.images;

import java.util.Objects;

import io.berth.api.remotes.Credentials;
import io.berth.api.remotes.Platform;

/**
 * How to pull an image.
 *
 * @param platform the platform whose manifest is picked from an index
 * @param snapshotter the plugin id of the snapshotter to unpack into
 * @param plainHttp talk HTTP to a registry that has no hosts.toml saying otherwise
 * @param credentials the user name and secret for a registry host
 * @param unpack whether to unpack the layers into snapshots
 * @param concurrency how many layers are fetched at once, at least 1
 */
public record PullOptions(Platform platform, String snapshotter, boolean plainHttp, Credentials credentials,
                          boolean unpack, int concurrency) {
    public static final String DEFAULT_SNAPSHOTTER = "overlayfs";
    public static final int DEFAULT_CONCURRENCY = 3;

    public PullOptions {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(snapshotter, "snapshotter");
        Objects.requireNonNull(credentials, "credentials");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
    }

    /** This machine's platform, overlayfs, HTTPS, anonymous, unpacked, three layers at once. */
    public static PullOptions defaults() {
        return new PullOptions(Platform.host(), DEFAULT_SNAPSHOTTER, false, Credentials.NONE, true,
                DEFAULT_CONCURRENCY);
    }

    public PullOptions withPlatform(Platform given) {
        return new PullOptions(given, snapshotter, plainHttp, credentials, unpack, concurrency);
    }

    public PullOptions withSnapshotter(String given) {
        return new PullOptions(platform, given, plainHttp, credentials, unpack, concurrency);
    }

    public PullOptions withPlainHttp(boolean given) {
        return new PullOptions(platform, snapshotter, given, credentials, unpack, concurrency);
    }

    public PullOptions withCredentials(Credentials given) {
        return new PullOptions(platform, snapshotter, plainHttp, given, unpack, concurrency);
    }

    public PullOptions withUnpack(boolean given) {
        return new PullOptions(platform, snapshotter, plainHttp, credentials, given, concurrency);
    }

    public PullOptions withConcurrency(int given) {
        return new PullOptions(platform, snapshotter, plainHttp, credentials, unpack, given);
    }
}
