package io.berth.remotes;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import io.berth.api.content.Descriptor;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.remotes.MediaTypes;
import io.berth.api.remotes.Pusher.Outcome;
import io.berth.api.remotes.Reference;
import io.berth.api.remotes.UploadOptions;

/**
 * The distribution spec's push, over the same requests as pulls: HEAD to skip what the repository has, then for a
 * blob a POST that opens an upload session (or mounts the blob from another repository of the registry) and a
 * monolithic PUT of the bytes to the session's Location; for a manifest a PUT under its digest or tag.
 */
final class Uploads {
    /** Enough of an error body to say why, never a whole page. */
    private static final int MAX_ERROR_BODY = 1024;

    private final HostRequests requests;

    Uploads(HostRequests requests) {
        this.requests = requests;
    }

    Outcome push(RegistryHost host, Reference target, Descriptor descriptor, Supplier<InputStream> content,
            UploadOptions options, LongConsumer sent) {
        boolean manifest = MediaTypes.isManifestOrIndex(descriptor.mediaType());
        String object = manifest && options.byTag() && target.tag() != null ? target.tag() : descriptor.digest().toString();
        String what = (manifest ? "manifest " : "blob ") + descriptor.digest() + " to " + target.locator();
        String scope = "repository:" + target.repository() + ":pull,push";
        if (exists(host, target, descriptor, manifest, object, scope, options, what)) {
            return Outcome.EXISTS;
        }
        if (manifest) {
            URI uri = host.resolve(target.repository() + "/manifests/" + object);
            HttpRequest.Builder put = HttpRequest.newBuilder(uri).header("Content-Type", descriptor.mediaType())
                    .PUT(body(descriptor, content, sent));
            expectCreated(host, requests.send(host, put, scope, options.resolve(), HttpResponse.BodyHandlers.ofInputStream()),
                    what);
            return Outcome.PUSHED;
        }
        Optional<String> from = mountSource(target, options);
        StringBuilder start = new StringBuilder(target.repository()).append("/blobs/uploads/");
        from.ifPresent(repository -> start.append("?mount=").append(encode(descriptor.digest().toString()))
                .append("&from=").append(encode(repository)));
        URI uploads = host.resolve(start.toString());
        HttpResponse<InputStream> opened = requests.send(host,
                HttpRequest.newBuilder(uploads).POST(HttpRequest.BodyPublishers.noBody()), scope, options.resolve(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (opened.statusCode() == 201 && from.isPresent()) {
            HostRequests.discard(opened);
            return Outcome.MOUNTED;
        }
        if (opened.statusCode() != 202) {
            throw failure(host, opened, "upload of " + what);
        }
        HostRequests.discard(opened);
        URI session = location(host, opened, uploads, what);
        String query = session.getRawQuery();
        URI put = URI.create(session + (query == null || query.isEmpty() ? "?" : "&")
                + "digest=" + encode(descriptor.digest().toString()));
        HttpRequest.Builder request = HttpRequest.newBuilder(put).header("Content-Type", "application/octet-stream")
                .PUT(body(descriptor, content, sent));
        expectCreated(host, requests.send(host, request, scope, options.resolve(),
                HttpResponse.BodyHandlers.ofInputStream()), what);
        return Outcome.PUSHED;
    }

    private boolean exists(RegistryHost host, Reference target, Descriptor descriptor, boolean manifest, String object,
            String scope, UploadOptions options, String what) {
        URI uri = host.resolve(target.repository() + (manifest ? "/manifests/" : "/blobs/") + object);
        HttpRequest.Builder head = HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody());
        if (manifest) {
            head.header("Accept", descriptor.mediaType());
        }
        HttpResponse<Void> response = requests.send(host, head, scope, options.resolve(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return false;
        }
        if (response.statusCode() != 200) {
            throw HostRequests.failure(host, response, what);
        }
        // Under a tag, the repository has this manifest only when the tag names this digest already.
        return !manifest || object.equals(descriptor.digest().toString()) || response.headers()
                .firstValue("Docker-Content-Digest").map(descriptor.digest().toString()::equals).orElse(false);
    }

    /** The first repository the blob came from on the target's registry, other than the target itself. */
    private static Optional<String> mountSource(Reference target, UploadOptions options) {
        String prefix = target.host() + "/";
        return options.mountFrom().stream()
                .filter(source -> source.startsWith(prefix))
                .map(source -> source.substring(prefix.length()))
                .filter(repository -> !repository.isEmpty() && !repository.equals(target.repository()))
                .findFirst();
    }

    /** The upload session's URL: the Location header, absolute or relative to the request's URL. */
    private static URI location(RegistryHost host, HttpResponse<?> response, URI request, String what) {
        String location = response.headers().firstValue("Location").orElse("");
        if (location.isEmpty()) {
            throw new BerthException(ErrorKind.UNAVAILABLE,
                    host.authority() + " opened an upload of " + what + " without a Location");
        }
        try {
            URI resolved = request.resolve(location);
            if (!"http".equals(resolved.getScheme()) && !"https".equals(resolved.getScheme())) {
                throw new IllegalArgumentException("not an http or https URL");
            }
            return resolved;
        } catch (IllegalArgumentException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE,
                    host.authority() + " sent an unusable upload Location \"" + location + "\" for " + what);
        }
    }

    private static void expectCreated(RegistryHost host, HttpResponse<InputStream> response, String what) {
        if (response.statusCode() != 201 && response.statusCode() != 204) {
            throw failure(host, response, what);
        }
        HostRequests.discard(response);
    }

    /** A refused push: the registry's own words when it says the content is wrong (HTTP 400), else by status. */
    private static BerthException failure(RegistryHost host, HttpResponse<InputStream> response, String what) {
        if (response.statusCode() != 400) {
            return HostRequests.failure(host, response, what);
        }
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            body = "";
        }
        return new BerthException(ErrorKind.FAILED_PRECONDITION,
                host.authority() + " refused " + what + (body.isEmpty() ? "" : ": " + body));
    }

    /** The descriptor's bytes with their length, counted as the client takes them. */
    private static HttpRequest.BodyPublisher body(Descriptor descriptor, Supplier<InputStream> content,
            LongConsumer sent) {
        if (descriptor.size() == 0) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new CountingInputStream(content.get(), sent)),
                descriptor.size());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static final class CountingInputStream extends FilterInputStream {
        private final LongConsumer sent;
        private long count;

        CountingInputStream(InputStream in, LongConsumer sent) {
            super(in);
            this.sent = sent;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                sent.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count += read;
                sent.accept(count);
            }
            return read;
        }
    }
}
