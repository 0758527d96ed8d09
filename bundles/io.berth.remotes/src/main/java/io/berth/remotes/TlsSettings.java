package io.berth.remotes;

import java.util.List;

/**
 * How to talk TLS to one host, by content rather than file name so that two hosts with the same files share
 * a client, and an edited file gets a new one.
 *
 * @param caPems PEM text of each extra trusted CA file
 * @param clientPems PEM text of each client certificate with its private key
 * @param skipVerify trust any server certificate (hosts.toml {@code skip_verify})
 */
record TlsSettings(List<String> caPems, List<String> clientPems, boolean skipVerify) {
    static final TlsSettings DEFAULT = new TlsSettings(List.of(), List.of(), false);

    TlsSettings {
        caPems = List.copyOf(caPems);
        clientPems = List.copyOf(clientPems);
    }
}
