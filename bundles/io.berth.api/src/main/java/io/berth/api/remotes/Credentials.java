package io.berth.api.remotes;

import java.util.Optional;

/** The credentials a caller has for registry hosts, looked up when a host asks for them. */
@FunctionalInterface
public interface Credentials {
    /** No credentials for any host: anonymous access. */
    Credentials NONE = host -> Optional.empty();

    /**
     * @param host the registry host being asked, a mirror or the server, {@code host[:port]}
     *        ({@code docker.io} for Docker Hub)
     */
    Optional<Credential> forHost(String host);

    /** The same user name and secret for every host. */
    static Credentials of(String username, String secret) {
        Credential credential = new Credential(username, secret);
        return host -> Optional.of(credential);
    }
}
