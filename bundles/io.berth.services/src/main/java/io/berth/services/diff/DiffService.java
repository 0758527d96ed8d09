package io.berth.services.diff;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.berth.api.content.ContentStore;
import io.berth.api.content.Digest;
import io.berth.api.diff.Applied;
import io.berth.api.diff.DiffOptions;
import io.berth.api.diff.LayerApplier;
import io.berth.api.diff.LayerDiff;
import io.berth.api.diff.MountApplier;
import io.berth.api.diff.MountDiffer;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.events.EventPublisher;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.api.snapshots.Mount;
import io.berth.grpc.RequestContext;
import io.berth.proto.containerd.services.diff.v1.ApplyRequest;
import io.berth.proto.containerd.services.diff.v1.ApplyResponse;
import io.berth.proto.containerd.services.diff.v1.DiffGrpc;
import io.berth.proto.containerd.services.diff.v1.DiffRequest;
import io.berth.proto.containerd.services.diff.v1.DiffResponse;
import io.berth.proto.containerd.types.Descriptor;
import io.berth.services.Timestamps;
import io.berth.services.content.IngestBlob;
import io.berth.services.content.NamespacedContent;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/**
 * containerd's {@code diff.v1.Diff}: Apply unpacks a layer blob of the request's namespace into the snapshot its
 * mounts describe, through the shared {@link MountApplier}; Diff computes the layer between two snapshots through
 * the {@link MountDiffer} and writes it into the namespace's content, under the request's lease.
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=diff",
})
public final class DiffService extends DiffGrpc.DiffImplBase {
    /** The label containerd gives a compressed layer: the digest of its tar stream. */
    static final String UNCOMPRESSED_LABEL = "containerd.io/uncompressed";

    private final ContentStore store;
    private final MetadataStore metadata;
    private final NamespacedContent content;
    private final MountApplier applier;
    private final MountDiffer differ;

    @Activate
    public DiffService(@Reference ContentStore store, @Reference MetadataStore metadata,
                       @Reference EventPublisher events, @Reference MountApplier applier,
                       @Reference MountDiffer differ) {
        this.store = store;
        this.metadata = metadata;
        this.content = new NamespacedContent(store, metadata, events);
        this.applier = applier;
        this.differ = differ;
    }

    @Override
    public void apply(ApplyRequest request, StreamObserver<ApplyResponse> response) {
        String namespace = RequestContext.namespace();
        Descriptor layer = request.getDiff();
        Digest digest = Digest.parse(layer.getDigest());
        List<Mount> mounts = mounts(request.getMountsList());
        if (mounts.isEmpty()) {
            throw BerthException.invalidArgument("apply of %s: no mounts given", digest);
        }
        // Only a blob the namespace references is visible to it.
        metadata.read(tx -> tx.contents().get(namespace, digest));
        Applied applied;
        try (InputStream blob = store.read(digest, 0, 0)) {
            applied = applier.apply(blob, layer.getMediaType(), mounts);
        } catch (IOException e) {
            throw new BerthException(ErrorKind.INTERNAL, "reading layer " + digest + ": " + e.getMessage(), e);
        }
        response.onNext(ApplyResponse.newBuilder().setApplied(Descriptor.newBuilder()
                .setMediaType(LayerApplier.OCI_TAR)
                .setDigest(applied.diffId().toString())
                .setSize(applied.size())).build());
        response.onCompleted();
    }

    /**
     * Writes the layer from {@code left} to {@code right} as a blob: into the request's ingest ref when it names
     * one (started over), else into a fresh one that a failure removes. A blob the namespace holds already is
     * answered as it is, and the lease then holds it.
     */
    @Override
    public void diff(DiffRequest request, StreamObserver<DiffResponse> response) {
        String namespace = RequestContext.namespace();
        Optional<String> lease = RequestContext.lease();
        String mediaType = request.getMediaType().isEmpty() ? LayerApplier.OCI_TAR_GZIP : request.getMediaType();
        if (request.getRightCount() == 0) {
            throw BerthException.invalidArgument("diff: no mounts given for the upper snapshot (right)");
        }
        DiffOptions options = new DiffOptions(mediaType, Optional.empty(), request.hasSourceDateEpoch()
                ? Optional.of(Timestamps.instant(request.getSourceDateEpoch())) : Optional.empty());
        boolean ownRef = request.getRef().isEmpty();
        String ref = ownRef ? "diff-" + UUID.randomUUID() : request.getRef();

        IngestBlob blob = IngestBlob.open(content, namespace, lease, ref, ownRef);
        LayerDiff layer = blob.write("the diff", out -> differ.diff(mounts(request.getLeftList()),
                mounts(request.getRightList()), options, out));
        Map<String, String> labels = new HashMap<>(request.getLabelsMap());
        if (!mediaType.equals(LayerApplier.OCI_TAR) && !mediaType.equals(LayerApplier.DOCKER_TAR)) {
            labels.put(UNCOMPRESSED_LABEL, layer.diffId().toString());
        }
        response.onNext(DiffResponse.newBuilder().setDiff(blob.commit(mediaType, labels)).build());
        response.onCompleted();
    }

    private static List<Mount> mounts(List<io.berth.proto.containerd.types.Mount> mounts) {
        return mounts.stream()
                .map(mount -> new Mount(mount.getType(), mount.getSource(), mount.getOptionsList())).toList();
    }
}
