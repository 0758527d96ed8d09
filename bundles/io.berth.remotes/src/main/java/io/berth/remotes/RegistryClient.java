package io.berth.remotes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.remotes.Fetcher;
import io.berth.api.remotes.MediaTypes;
import io.berth.api.remotes.Platform;
import io.berth.api.remotes.Pusher;
import io.berth.api.remotes.Reference;
import io.berth.api.remotes.ResolveOptions;
import io.berth.api.remotes.Resolved;
import io.berth.api.remotes.Resolver;
import io.berth.api.remotes.UploadOptions;

/**
 * The OCI distribution client: resolves references and fetches manifests and blobs over the JDK's HTTP
 * client, trying a host's mirrors from hosts.toml in order before its server; pushes to the first host that
 * may serve pushes.
 */
@Component(service = { Resolver.class, Fetcher.class, Pusher.class }, configurationPid = RegistryClient.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RemotesConfig.class)
public final class RegistryClient implements Resolver, Fetcher, Pusher, AutoCloseable {
    static final String PID = "io.berth.remotes";

    /** containerd's limit: a manifest or index larger than this is no manifest. */
    private static final int MAX_MANIFEST = 4 << 20;
    private static final String ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST,
            MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST, "*/*");

    private final HostsDirectory hostsDirectory;
    private final HostRequests requests;
    private final Uploads uploads;

    @Activate
    public RegistryClient(RemotesConfig config) {
        this(Path.of(config.config_path()), Clock.systemUTC());
    }

    /** A client whose hosts are configured in {@code hostsDir}; for use outside the framework. */
    public RegistryClient(Path hostsDir, Clock clock) {
        this.hostsDirectory = new HostsDirectory(hostsDir);
        this.requests = new HostRequests(clock);
        this.uploads = new Uploads(requests);
    }

    @Deactivate
    @Override
    public void close() {
        requests.close();
    }

    @Override
    public Resolved resolve(String text, ResolveOptions options) {
        Reference reference = Reference.parse(text);
        // A digest is content no host can lie about, so any host that may serve pulls may answer it.
        Predicate<RegistryHost> capable = reference.digest() != null ? RegistryHost::pull : RegistryHost::resolve;
        Descriptor root = acrossHosts(reference, options, capable, "manifest " + reference,
                host -> resolveAt(host, reference, options));
        return new Resolved(reference, root, options);
    }

    private Descriptor resolveAt(RegistryHost host, Reference reference, ResolveOptions options) {
        URI uri = host.resolve(reference.repository() + "/manifests/" + reference.object());
        String what = "manifest " + reference;
        HttpResponse<Void> head = requests.send(host, manifestRequest(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                pullScope(reference), options, HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() == 200) {
            String mediaType = contentType(head);
            Optional<String> digest = head.headers().firstValue("Docker-Content-Digest");
            OptionalLong length = head.headers().firstValueAsLong("Content-Length");
            if (MediaTypes.isManifestOrIndex(mediaType) && length.isPresent()
                    && (reference.digest() != null || digest.isPresent())) {
                Digest named = reference.digest() != null ? reference.digest() : Digest.parse(digest.get());
                return new Descriptor(mediaType, named, length.getAsLong(), Map.of());
            }
        } else if (head.statusCode() != 405) {
            throw HostRequests.failure(host, head, what);
        }
        // No usable answer to HEAD (a type only the content tells, no digest, no HEAD at all): read it.
        HttpResponse<InputStream> get = requests.send(host, manifestRequest(uri).GET(), pullScope(reference), options,
                HttpResponse.BodyHandlers.ofInputStream());
        if (get.statusCode() != 200) {
            throw HostRequests.failure(host, get, what);
        }
        byte[] content = readManifest(host, get, what);
        DigestAlgorithm algorithm = reference.digest() != null ? reference.digest().algorithm() : DigestAlgorithm.SHA256;
        Digest actual = Digest.compute(algorithm, content);
        if (reference.digest() != null && !actual.equals(reference.digest())) {
            throw new BerthException(ErrorKind.DATA_LOSS, host.authority() + ": registry sent " + actual
                    + ", expected " + reference.digest() + " for " + what);
        }
        String mediaType = contentType(get);
        if (!MediaTypes.isManifestOrIndex(mediaType)) {
            mediaType = Manifests.mediaType(content);
        }
        return new Descriptor(mediaType, actual, content.length, Map.of());
    }

    @Override
    public InputStream fetch(Resolved resolved, Descriptor descriptor, long offset) {
        if (offset < 0 || offset > descriptor.size()) {
            throw new BerthException(ErrorKind.OUT_OF_RANGE, "offset " + offset + " is outside "
                    + descriptor.digest() + " of " + descriptor.size() + " bytes");
        }
        Reference reference = resolved.name();
        boolean manifest = MediaTypes.isManifestOrIndex(descriptor.mediaType());
        String what = (manifest ? "manifest " : "blob ") + descriptor.digest() + " of " + reference.locator();
        return acrossHosts(reference, resolved.options(), RegistryHost::pull, what,
                host -> fetchAt(host, reference, descriptor, offset, manifest, what, resolved.options()));
    }

    private InputStream fetchAt(RegistryHost host, Reference reference, Descriptor descriptor, long offset,
            boolean manifest, String what, ResolveOptions options) {
        URI uri = host.resolve(reference.repository() + (manifest ? "/manifests/" : "/blobs/") + descriptor.digest());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (manifest) {
            request.header("Accept", descriptor.mediaType() + ", " + ACCEPT);
        }
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response = requests.send(host, request, pullScope(reference), options,
                HttpResponse.BodyHandlers.ofInputStream());
        String source = host.authority();
        if (response.statusCode() == 206 && offset > 0) {
            String range = response.headers().firstValue("Content-Range").orElse("");
            if (!range.startsWith("bytes " + offset + "-")) {
                HostRequests.discard(response);
                throw new BerthException(ErrorKind.DATA_LOSS,
                        source + ": registry sent range \"" + range + "\", expected bytes from " + offset + " of " + what);
            }
            return new VerifyingInputStream(response.body(), descriptor, source, offset, null);
        }
        if (response.statusCode() != 200) {
            throw HostRequests.failure(host, response, what);
        }
        // A whole blob: check its digest too; when a range was asked and ignored, drop what the caller has.
        InputStream whole = new VerifyingInputStream(response.body(), descriptor, source, 0,
                descriptor.digest().newMessageDigest());
        try {
            if (whole.skip(offset) != offset) {
                whole.close();
                throw new BerthException(ErrorKind.DATA_LOSS,
                        source + ": registry sent fewer than " + offset + " bytes of " + what);
            }
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, source + ": " + e.getMessage(), e);
        }
        return whole;
    }

    @Override
    public Descriptor manifest(Resolved resolved, Platform platform) {
        Descriptor root = resolved.root();
        if (MediaTypes.isManifest(root.mediaType())) {
            return root;
        }
        if (!MediaTypes.isIndex(root.mediaType())) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION,
                    resolved.name() + " is a " + root.mediaType() + ", neither a manifest nor an index");
        }
        if (root.size() > MAX_MANIFEST) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION,
                    "index " + root.digest() + " is larger than " + MAX_MANIFEST + " bytes");
        }
        byte[] index;
        try (InputStream in = fetch(resolved, root)) {
            index = in.readAllBytes();
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "reading index " + root.digest() + ": " + e.getMessage(), e);
        }
        return Manifests.select(Manifests.entries(index), platform);
    }

    @Override
    public Outcome push(Reference target, Descriptor descriptor, Supplier<InputStream> content, UploadOptions options,
            LongConsumer sent) {
        RegistryHost host = hostsDirectory.hosts(target.host(), options.resolve().plainHttp()).stream()
                .filter(RegistryHost::push).findFirst()
                .orElseThrow(() -> new BerthException(ErrorKind.FAILED_PRECONDITION,
                        "no host configured for " + target.host() + " may serve pushes"));
        return uploads.push(host, target, descriptor, content, options, sent);
    }

    /**
     * The first answer of the capable hosts in order. When all fail: NOT_FOUND if every one said so, else
     * the last other failure (it says more than a mirror's 404).
     */
    private <T> T acrossHosts(Reference reference, ResolveOptions options, Predicate<RegistryHost> capable,
            String what, Function<RegistryHost, T> attempt) {
        List<RegistryHost> hosts = hostsDirectory.hosts(reference.host(), options.plainHttp()).stream()
                .filter(capable).toList();
        if (hosts.isEmpty()) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION,
                    "no host configured for " + reference.host() + " may serve " + what);
        }
        List<String> tried = new ArrayList<>();
        BerthException failure = null;
        for (RegistryHost host : hosts) {
            try {
                return attempt.apply(host);
            } catch (BerthException e) {
                tried.add(host.authority());
                if (e.kind() != ErrorKind.NOT_FOUND || failure == null) {
                    failure = e;
                }
            }
        }
        if (failure.kind() == ErrorKind.NOT_FOUND && tried.size() > 1) {
            throw BerthException.notFound("%s not found at %s", what, String.join(", ", tried));
        }
        throw failure;
    }

    private static HttpRequest.Builder manifestRequest(URI uri) {
        return HttpRequest.newBuilder(uri).header("Accept", ACCEPT);
    }

    private static String pullScope(Reference reference) {
        return "repository:" + reference.repository() + ":pull";
    }

    private static String contentType(HttpResponse<?> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
    }

    private static byte[] readManifest(RegistryHost host, HttpResponse<InputStream> response, String what) {
        try (InputStream in = response.body()) {
            byte[] content = in.readNBytes(MAX_MANIFEST + 1);
            if (content.length > MAX_MANIFEST) {
                throw new BerthException(ErrorKind.FAILED_PRECONDITION,
                        host.authority() + " sent more than " + MAX_MANIFEST + " bytes for " + what);
            }
            return content;
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, host.authority() + ": " + e.getMessage(), e);
        }
    }
}
