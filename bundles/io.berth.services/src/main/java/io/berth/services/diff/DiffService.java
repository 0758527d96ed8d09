package io.berth.services.diff;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.berth.api.content.ContentStore;
import io.berth.api.content.Digest;
import io.berth.api.diff.Applied;
import io.berth.api.diff.LayerApplier;
import io.berth.api.diff.MountApplier;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
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
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/**
 * containerd's {@code diff.v1.Diff}: Apply unpacks a layer blob of the request's namespace into the snapshot its
 * mounts describe, through the shared {@link MountApplier}.
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=diff",
})
public final class DiffService extends DiffGrpc.DiffImplBase {
    private final ContentStore store;
    private final MetadataStore metadata;
    private final MountApplier applier;

    @Activate
    public DiffService(@Reference ContentStore store, @Reference MetadataStore metadata,
                       @Reference MountApplier applier) {
        this.store = store;
        this.metadata = metadata;
        this.applier = applier;
    }

    @Override
    public void apply(ApplyRequest request, StreamObserver<ApplyResponse> response) {
        String namespace = RequestContext.namespace();
        Descriptor layer = request.getDiff();
        Digest digest = Digest.parse(layer.getDigest());
        List<Mount> mounts = request.getMountsList().stream()
                .map(mount -> new Mount(mount.getType(), mount.getSource(), mount.getOptionsList())).toList();
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

    @Override
    public void diff(DiffRequest request, StreamObserver<DiffResponse> response) {
        throw new BerthException(ErrorKind.NOT_IMPLEMENTED,
                "diff.v1.Diff/Diff: computing a layer from two snapshots is not implemented yet; Apply is");
    }
}
