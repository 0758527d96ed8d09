package io.berth.remotes;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One place to ask for a repository's content: a mirror or the server of a hosts.toml, or the default.
 *
 * @param root the API root that repository paths follow, such as {@code https://registry-1.docker.io/v2}
 * @param resolve whether tags may be resolved here (capability {@code resolve})
 * @param pull whether manifests and blobs may be fetched by digest here (capability {@code pull})
 * @param push whether manifests and blobs may be pushed here (capability {@code push})
 * @param tls trust and client certificates; {@link TlsSettings#DEFAULT} for the JDK's own
 * @param headers extra request headers
 */
record RegistryHost(URI root, boolean resolve, boolean pull, boolean push, TlsSettings tls, Map<String, List<String>> headers) {
    RegistryHost {
        headers = Map.copyOf(headers);
    }

    /** The URL of {@code path} below the root, such as {@code library/busybox/manifests/latest}. */
    URI resolve(String path) {
        String base = root.toString();
        return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
    }

    /** {@code host[:port]} of the root, the key of tokens and credentials. */
    String authority() {
        return root.getRawAuthority();
    }
}
