package io.berth.api.remotes;

import java.util.Objects;

/**
 * How to reach a registry.
 *
 * @param plainHttp talk HTTP, not HTTPS, to a host that has no hosts.toml saying otherwise (ctr's {@code --plain-http})
 * @param credentials the user name and secret for a host, when the caller has them
 */
public record ResolveOptions(boolean plainHttp, Credentials credentials) {
    public ResolveOptions {
        Objects.requireNonNull(credentials, "credentials");
    }

    /** HTTPS, anonymous. */
    public static ResolveOptions defaults() {
        return new ResolveOptions(false, Credentials.NONE);
    }

    public ResolveOptions withPlainHttp(boolean plain) {
        return new ResolveOptions(plain, credentials);
    }

    public ResolveOptions withCredentials(Credentials given) {
        return new ResolveOptions(plainHttp, given);
    }
}
