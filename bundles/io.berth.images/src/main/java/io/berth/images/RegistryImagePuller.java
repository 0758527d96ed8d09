package io.berth.images;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.berth.api.content.ContentStore;
import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.diff.MountApplier;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.images.ImagePuller;
import io.berth.api.images.PullListener;
import io.berth.api.images.PullOptions;
import io.berth.api.metadata.GcLabels;
import io.berth.api.metadata.Image;
import io.berth.api.metadata.Lease;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.remotes.Fetcher;
import io.berth.api.remotes.MediaTypes;
import io.berth.api.remotes.ResolveOptions;
import io.berth.api.remotes.Resolved;
import io.berth.api.remotes.Resolver;
import io.berth.api.snapshots.SnapshotService;

/**
 * Pulls images daemon-side with containerd's labels: the index keeps the chosen manifest
 * ({@code gc.ref.content.m.0}), the manifest its config and layers ({@code gc.ref.content.config},
 * {@code gc.ref.content.l.<i>}), and the config the top snapshot ({@code gc.ref.snapshot.<snapshotter>}), so that
 * the image record keeps all of it once the pull's lease is gone. The lease expires after a day in case the
 * daemon dies mid-pull.
 */
@Component(service = ImagePuller.class, configurationPid = RegistryImagePuller.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PullConfig.class)
public final class RegistryImagePuller implements ImagePuller {
    /** containerd's transfer service, where its pull settings live. */
    static final String PID = "io.containerd.transfer.v1.local";
    private static final Duration LEASE_EXPIRY = Duration.ofHours(24);
    /** A manifest or config is read into memory: as containerd, refuse one larger than this. */
    private static final long MAX_JSON_SIZE = 8L << 20;

    private final Resolver resolver;
    private final Fetcher fetcher;
    private final ContentStore store;
    private final MetadataStore metadata;
    private final SnapshotService snapshots;
    private final MountApplier applier;
    private final int maxConcurrentUnpacks;
    private final Clock clock;
    private final InFlightLocks inFlight = new InFlightLocks();

    @Activate
    public RegistryImagePuller(@Reference Resolver resolver, @Reference Fetcher fetcher,
                               @Reference ContentStore store, @Reference MetadataStore metadata,
                               @Reference SnapshotService snapshots, @Reference MountApplier applier,
                               PullConfig config) {
        this(resolver, fetcher, store, metadata, snapshots, applier, config.max_concurrent_unpacks(),
                Clock.systemUTC());
    }

    /** @param maxConcurrentUnpacks layers applied at once into a snapshotter that can rebase; 1: in turn */
    RegistryImagePuller(Resolver resolver, Fetcher fetcher, ContentStore store, MetadataStore metadata,
                        SnapshotService snapshots, MountApplier applier, int maxConcurrentUnpacks, Clock clock) {
        if (maxConcurrentUnpacks < 1) {
            throw BerthException.invalidArgument("%s max_concurrent_unpacks must be at least 1, got %d", PID,
                    maxConcurrentUnpacks);
        }
        this.maxConcurrentUnpacks = maxConcurrentUnpacks;
        this.resolver = resolver;
        this.fetcher = fetcher;
        this.store = store;
        this.metadata = metadata;
        this.snapshots = snapshots;
        this.applier = applier;
        this.clock = clock;
    }

    @Override
    public Image pull(String namespace, String reference, PullOptions options, PullListener progress) {
        if (options.unpack()) {
            // Refuses a snapshotter that is not loaded before anything is fetched.
            snapshots.list(namespace, options.snapshotter(), info -> false, info -> { });
        }
        Resolved resolved = resolver.resolve(reference,
                new ResolveOptions(options.plainHttp(), options.credentials()));
        String lease = createLease(namespace);
        try {
            NamespaceBlobs blobs = new NamespaceBlobs(store, metadata, namespace, lease, progress, inFlight);
            Descriptor manifest = fetcher.manifest(resolved, options.platform());
            byte[] manifestJson = readWhole(resolved, manifest);
            ImageJson.Manifest parsed = ImageJson.manifest(manifest.digest(), manifestJson);
            Descriptor config = parsed.config();
            byte[] configJson = readWhole(resolved, config);
            List<Digest> diffIds = ImageJson.diffIds(config.digest(), configJson);

            blobs.store(config, DistributionSources.label(resolved.name()), offset -> remainder(configJson, offset));
            LayerUnpacker unpacker = new LayerUnpacker(snapshots, applier, store, blobs, inFlight, namespace,
                    options.snapshotter(), lease, progress);
            LayerStreams streams = options.unpack() && unpacker.inParallel(parsed.layers(), maxConcurrentUnpacks)
                    ? LayerStreams.following(parsed.layers()) : LayerStreams.none();
            try (LayerFetches fetches = LayerFetches.start(parsed.layers(), options.concurrency(),
                    layer -> blobs.store(layer, DistributionSources.label(resolved.name()),
                            offset -> fetcher.fetch(resolved, layer, offset), streams.of(layer)))) {
                if (options.unpack()) {
                    Digest top = unpacker.unpack(parsed.layers(), diffIds, maxConcurrentUnpacks, fetches::await,
                            streams);
                    blobs.label(config, Map.of(GcLabels.REF_SNAPSHOT + options.snapshotter(), top.toString()));
                }
                fetches.awaitAll(parsed.layers());
            }
            blobs.store(manifest, manifestLabels(parsed), offset -> remainder(manifestJson, offset));
            if (MediaTypes.isIndex(resolved.root().mediaType())) {
                blobs.store(resolved.root(), Map.of(GcLabels.REF_CONTENT + ".m.0", manifest.digest().toString()),
                        offset -> fetcher.fetch(resolved, resolved.root(), offset));
            }
            return record(namespace, new Image(resolved.name().toString(), resolved.root(), Map.of(), null, null));
        } finally {
            metadata.write(tx -> {
                tx.leases().delete(namespace, lease);
                return null;
            });
        }
    }

    /**
     * Reads a small blob (a manifest, a config) whole, to be read before it is stored.
     *
     * @throws BerthException RESOURCE_EXHAUSTED for one larger than a manifest or config can sensibly be
     */
    private byte[] readWhole(Resolved resolved, Descriptor blob) {
        if (blob.size() > MAX_JSON_SIZE) {
            String why = "%s of %s is %d bytes, more than the %d a pull reads"
                    .formatted(blob.mediaType(), blob.digest(), blob.size(), MAX_JSON_SIZE);
            throw new BerthException(ErrorKind.RESOURCE_EXHAUSTED, why);
        }
        try (InputStream in = fetcher.fetch(resolved, blob)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "fetching " + blob.digest() + ": " + e.getMessage(), e);
        }
    }

    private static InputStream remainder(byte[] blob, long offset) {
        return new ByteArrayInputStream(blob, (int) offset, blob.length - (int) offset);
    }

    private String createLease(String namespace) {
        String id = "pull-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String expiry = clock.instant().plus(LEASE_EXPIRY).truncatedTo(ChronoUnit.SECONDS).toString();
        metadata.write(tx -> tx.leases().create(namespace, new Lease(id, Map.of(GcLabels.EXPIRE, expiry), null)));
        return id;
    }

    private static Map<String, String> manifestLabels(ImageJson.Manifest manifest) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(GcLabels.REF_CONTENT + ".config", manifest.config().digest().toString());
        for (int i = 0; i < manifest.layers().size(); i++) {
            labels.put(GcLabels.REF_CONTENT + ".l." + i, manifest.layers().get(i).digest().toString());
        }
        return labels;
    }

    /** Creates the image, or points the existing one of that name at what was pulled. */
    private Image record(String namespace, Image image) {
        return metadata.write(tx -> {
            try {
                return tx.images().create(namespace, image);
            } catch (BerthException e) {
                if (e.kind() != ErrorKind.ALREADY_EXISTS) {
                    throw e;
                }
                return tx.images().update(namespace, image, List.of("target"));
            }
        });
    }
}
