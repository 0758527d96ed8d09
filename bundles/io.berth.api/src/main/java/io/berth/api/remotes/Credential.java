package io.berth.api.remotes;

import java.util.Objects;

/**
 * A user name and its secret (a password or an identity token) for one registry.
 */
public record Credential(String username, String secret) {
    public Credential {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "Credential[" + username + "]";
    }
}
