package io.berth.api.remotes;

import java.util.Objects;
import java.util.regex.Pattern;

import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;

/**
 * An image reference, {@code host[:port]/repository[:tag][@digest]}, normalised the way Docker and
 * containerd normalise it: no host means {@code docker.io}, a one-part Docker Hub repository is in
 * {@code library/}, and neither tag nor digest means {@code :latest}.
 *
 * @param host {@code host[:port]} as written, {@code docker.io} for Docker Hub
 * @param repository the path inside the registry, such as {@code library/busybox}
 * @param tag the tag, or null when the reference names a digest only
 * @param digest the digest, or null
 */
public record Reference(String host, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";

    private static final int MAX_LENGTH = 255;
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
                    + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");

    public Reference {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(repository, "repository");
        if (tag == null && digest == null) {
            throw BerthException.invalidArgument("reference %s/%s names neither a tag nor a digest", host, repository);
        }
    }

    /**
     * Parses and normalises {@code text}.
     *
     * @throws BerthException INVALID_ARGUMENT naming what is wrong with the reference
     */
    public static Reference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw BerthException.invalidArgument("image reference must not be empty");
        }
        if (text.length() > MAX_LENGTH * 2) {
            throw BerthException.invalidArgument("image reference is longer than %d characters", MAX_LENGTH * 2);
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw BerthException.invalidArgument("invalid tag \"%s\" in image reference \"%s\"", tag, text);
            }
        }
        String host = DOCKER_HUB;
        String repository = rest;
        int slash = rest.indexOf('/');
        if (slash > 0 && isHost(rest.substring(0, slash))) {
            host = rest.substring(0, slash);
            repository = rest.substring(slash + 1);
        }
        if (host.equals("index.docker.io")) {
            host = DOCKER_HUB;
        }
        if (!HOST.matcher(host).matches()) {
            throw BerthException.invalidArgument("invalid registry host \"%s\" in image reference \"%s\"", host, text);
        }
        if (host.equals(DOCKER_HUB) && repository.indexOf('/') < 0) {
            repository = "library/" + repository;
        }
        checkRepository(repository, text);
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new Reference(host, repository, tag, digest);
    }

    /** Docker's rule: the first part is a host when it has a dot or a port, or is localhost. */
    private static boolean isHost(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[");
    }

    private static void checkRepository(String repository, String text) {
        if (repository.isEmpty() || repository.length() > MAX_LENGTH) {
            throw BerthException.invalidArgument("invalid repository in image reference \"%s\"", text);
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw BerthException.invalidArgument(
                        "invalid repository \"%s\" in image reference \"%s\": path components are lowercase letters, "
                                + "digits and separators", repository, text);
            }
        }
    }

    /** What the registry's {@code manifests/} endpoint is asked for: the digest when there is one, else the tag. */
    public String object() {
        return digest != null ? digest.toString() : tag;
    }

    /** The same repository at {@code other}. */
    public Reference withDigest(Digest other) {
        return new Reference(host, repository, tag, other);
    }

    /** {@code host/repository}. */
    public String locator() {
        return host + "/" + repository;
    }

    @Override
    public String toString() {
        return locator() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
