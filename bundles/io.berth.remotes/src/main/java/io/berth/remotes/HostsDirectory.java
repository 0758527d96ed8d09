package io.berth.remotes;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.remotes.Reference;

/**
 * containerd's registry hosts directory: {@code <dir>/<host[:port]>/hosts.toml} names a {@code server} and
 * {@code [host."<url>"]} mirrors, tried in file order before the server; pushes go to the first
 * host whose capabilities include {@code push}. Read on every call, so an edit
 * applies to the next pull. A host without hosts.toml is reached directly (Docker Hub through
 * {@code registry-1.docker.io}), with the Docker-style {@code *.crt} / {@code *.cert}+{@code *.key} files of its
 * directory when there are any.
 */
final class HostsDirectory {
    private static final String HOSTS_FILE = "hosts.toml";
    private static final String DOCKER_HUB_API = "registry-1.docker.io";
    /** A mirror serves pulls; it takes pushes only when its capabilities say so, lest pushes miss the server. */
    private static final List<String> MIRROR_CAPABILITIES = List.of("pull", "resolve");
    private static final List<String> SERVER_CAPABILITIES = List.of("pull", "resolve", "push");

    private final Path dir;

    HostsDirectory(Path dir) {
        this.dir = dir;
    }

    /** Where to ask for {@code host}'s repositories, in the order to try. */
    List<RegistryHost> hosts(String host, boolean plainHttp) {
        Path hostDir = dir.resolve(host);
        Path file = hostDir.resolve(HOSTS_FILE);
        String scheme = plainHttp ? "http" : "https";
        String defaultServer = scheme + "://" + (host.equals(Reference.DOCKER_HUB) ? DOCKER_HUB_API : host);
        if (!Files.isRegularFile(file)) {
            return List.of(new RegistryHost(apiRoot(defaultServer, false, file), true, true, true,
                    dockerStyleTls(hostDir), Map.of()));
        }
        Map<String, Object> config;
        try {
            config = Trees.toml(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, file + ": " + e.getMessage(), e);
        }
        List<RegistryHost> hosts = new ArrayList<>();
        if (config.get("host") instanceof Map<?, ?> mirrors) {
            for (Map.Entry<?, ?> mirror : mirrors.entrySet()) {
                if (!(mirror.getValue() instanceof Map<?, ?> table)) {
                    throw invalid(file, "host \"" + mirror.getKey() + "\" is not a table");
                }
                hosts.add(host(file, String.valueOf(mirror.getKey()), table, scheme, MIRROR_CAPABILITIES));
            }
        }
        String server = config.get("server") instanceof String given ? given : defaultServer;
        hosts.add(host(file, server, config, scheme, SERVER_CAPABILITIES));
        return List.copyOf(hosts);
    }

    private RegistryHost host(Path file, String url, Map<?, ?> table, String scheme, List<String> defaults) {
        List<String> capabilities = strings(file, table.get("capabilities"), "capabilities");
        if (capabilities.isEmpty() && !table.containsKey("capabilities")) {
            capabilities = defaults;
        }
        boolean overridePath = Boolean.TRUE.equals(table.get("override_path"));
        boolean skipVerify = Boolean.TRUE.equals(table.get("skip_verify"));
        String withScheme = url.contains("://") ? url : scheme + "://" + url;
        Path base = file.getParent();
        List<String> cas = new ArrayList<>();
        for (String ca : strings(file, table.get("ca"), "ca")) {
            cas.add(read(file, base.resolve(ca)));
        }
        List<String> clients = new ArrayList<>();
        for (List<String> pair : clientFiles(file, table.get("client"))) {
            StringBuilder pem = new StringBuilder();
            for (String part : pair) {
                pem.append(read(file, base.resolve(part))).append('\n');
            }
            clients.add(pem.toString());
        }
        return new RegistryHost(apiRoot(withScheme, overridePath, file), capabilities.contains("resolve"),
                capabilities.contains("pull"), capabilities.contains("push"), new TlsSettings(cas, clients, skipVerify),
                headers(file, table));
    }

    /** The URL's path with {@code /v2} added, unless the file says the path is the API root already. */
    private static URI apiRoot(String url, boolean overridePath, Path file) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw invalid(file, "host URL \"" + url + "\" is not an http or https URL");
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (path.isEmpty()) {
                path = "/v2";
            } else if (!overridePath && !path.endsWith("/v2")) {
                path = path + "/v2";
            }
            return new URI(uri.getScheme(), uri.getRawAuthority(), path, null, null);
        } catch (URISyntaxException e) {
            throw invalid(file, "host URL \"" + url + "\": " + e.getMessage());
        }
    }

    /** {@code client}: a file with certificate and key, a list of such files, or a list of [cert, key] pairs. */
    private static List<List<String>> clientFiles(Path file, Object value) {
        List<List<String>> pairs = new ArrayList<>();
        if (value == null) {
            return pairs;
        }
        if (value instanceof String single) {
            pairs.add(List.of(single));
            return pairs;
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(file, "client must be a file, a list of files or a list of [cert, key] pairs");
        }
        for (Object item : list) {
            pairs.add(item instanceof String single ? List.of(single) : strings(file, item, "client"));
        }
        return pairs;
    }

    private static Map<String, List<String>> headers(Path file, Map<?, ?> table) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (table.get("header") instanceof Map<?, ?> given) {
            for (Map.Entry<?, ?> header : given.entrySet()) {
                headers.put(String.valueOf(header.getKey()), strings(file, header.getValue(), "header"));
            }
        }
        return headers;
    }

    /** A string or a list of strings as a list; nothing as an empty list. */
    private static List<String> strings(Path file, Object value, String key) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String single) {
            return List.of(single);
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw invalid(file, key + " must be a string or a list of strings");
    }

    private static TlsSettings dockerStyleTls(Path hostDir) {
        if (!Files.isDirectory(hostDir)) {
            return TlsSettings.DEFAULT;
        }
        List<String> cas = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(hostDir)) {
            for (Path path : files) {
                String name = path.getFileName().toString();
                if (name.endsWith(".crt")) {
                    cas.add(read(path, path));
                } else if (name.endsWith(".cert")) {
                    Path key = path.resolveSibling(name.substring(0, name.length() - ".cert".length()) + ".key");
                    clients.add(read(path, path) + "\n" + read(path, key));
                }
            }
        } catch (IOException e) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, hostDir + ": " + e.getMessage(), e);
        }
        return new TlsSettings(cas, clients, false);
    }

    private static String read(Path file, Path path) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION,
                    file + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static BerthException invalid(Path file, String why) {
        return new BerthException(ErrorKind.FAILED_PRECONDITION, file + ": " + why);
    }
}
