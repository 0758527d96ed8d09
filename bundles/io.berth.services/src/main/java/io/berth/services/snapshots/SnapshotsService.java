package io.berth.services.snapshots;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.protobuf.Empty;

import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.api.snapshots.Info;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.SnapshotService;
import io.berth.filters.Filter;
import io.berth.filters.Filters;
import io.berth.grpc.InlineMethods;
import io.berth.grpc.RequestContext;
import io.berth.proto.containerd.services.snapshots.v1.CleanupRequest;
import io.berth.proto.containerd.services.snapshots.v1.CommitSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.ListSnapshotsRequest;
import io.berth.proto.containerd.services.snapshots.v1.ListSnapshotsResponse;
import io.berth.proto.containerd.services.snapshots.v1.MountsRequest;
import io.berth.proto.containerd.services.snapshots.v1.MountsResponse;
import io.berth.proto.containerd.services.snapshots.v1.PrepareSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.PrepareSnapshotResponse;
import io.berth.proto.containerd.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.berth.proto.containerd.services.snapshots.v1.StatSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.StatSnapshotResponse;
import io.berth.proto.containerd.services.snapshots.v1.UpdateSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.UpdateSnapshotResponse;
import io.berth.proto.containerd.services.snapshots.v1.UsageRequest;
import io.berth.proto.containerd.services.snapshots.v1.UsageResponse;
import io.berth.proto.containerd.services.snapshots.v1.ViewSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.ViewSnapshotResponse;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/**
 * containerd's {@code snapshots.v1.Snapshots} in the request's namespace, on the snapshotter whose plugin id the
 * request names, through the shared {@link SnapshotService}. List takes containerd's filters over {@code name},
 * {@code parent}, {@code kind} and {@code labels.<key>}, and answers in blocks as containerd does. Stat and Mounts,
 * asked on every container's start, are answered on the transport thread for a snapshotter that reads quickly
 * ({@link io.berth.api.snapshots.Snapshotter#QUICK_READS}) and on a thread of their own for any other.
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=snapshots",
    InlineMethods.PROPERTY + "=Mounts",
    InlineMethods.PROPERTY + "=Stat",
})
public final class SnapshotsService extends SnapshotsGrpc.SnapshotsImplBase {
    private static final int LIST_BLOCK = 100;

    private final SnapshotService snapshots;
    /** Runs the reads of snapshotters that may block, off the transport thread. */
    private final Executor slowReads = task -> Thread.ofVirtual().name("snapshot-read").start(task);

    @Activate
    public SnapshotsService(@Reference SnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public void prepare(PrepareSnapshotRequest request, StreamObserver<PrepareSnapshotResponse> response) {
        List<Mount> mounts = snapshots.prepare(RequestContext.namespace(), request.getSnapshotter(),
                RequestContext.lease(), request.getKey(), request.getParent(), request.getLabelsMap());
        reply(response, PrepareSnapshotResponse.newBuilder().addAllMounts(SnapshotMessages.toProto(mounts)).build());
    }

    @Override
    public void view(ViewSnapshotRequest request, StreamObserver<ViewSnapshotResponse> response) {
        List<Mount> mounts = snapshots.view(RequestContext.namespace(), request.getSnapshotter(),
                RequestContext.lease(), request.getKey(), request.getParent(), request.getLabelsMap());
        reply(response, ViewSnapshotResponse.newBuilder().addAllMounts(SnapshotMessages.toProto(mounts)).build());
    }

    @Override
    public void mounts(MountsRequest request, StreamObserver<MountsResponse> response) {
        String namespace = RequestContext.namespace();
        answer(request.getSnapshotter(), response, () -> MountsResponse.newBuilder().addAllMounts(
                SnapshotMessages.toProto(snapshots.mounts(namespace, request.getSnapshotter(), request.getKey())))
                .build());
    }

    /** A commit onto another parent (containerd 2's rebase) is the snapshotter's to do or refuse. */
    @Override
    public void commit(CommitSnapshotRequest request, StreamObserver<Empty> response) {
        snapshots.commit(RequestContext.namespace(), request.getSnapshotter(), RequestContext.lease(),
                request.getName(), request.getKey(), request.getLabelsMap(), request.getParent());
        reply(response, Empty.getDefaultInstance());
    }

    @Override
    public void remove(RemoveSnapshotRequest request, StreamObserver<Empty> response) {
        snapshots.remove(RequestContext.namespace(), request.getSnapshotter(), RequestContext.lease(),
                request.getKey());
        reply(response, Empty.getDefaultInstance());
    }

    @Override
    public void stat(StatSnapshotRequest request, StreamObserver<StatSnapshotResponse> response) {
        String namespace = RequestContext.namespace();
        answer(request.getSnapshotter(), response, () -> StatSnapshotResponse.newBuilder().setInfo(
                SnapshotMessages.toProto(snapshots.stat(namespace, request.getSnapshotter(), request.getKey())))
                .build());
    }

    @Override
    public void update(UpdateSnapshotRequest request, StreamObserver<UpdateSnapshotResponse> response) {
        Info info = snapshots.update(RequestContext.namespace(), request.getSnapshotter(),
                request.getInfo().getName(), request.getInfo().getLabelsMap(), request.getUpdateMask().getPathsList());
        reply(response, UpdateSnapshotResponse.newBuilder().setInfo(SnapshotMessages.toProto(info)).build());
    }

    @Override
    public void list(ListSnapshotsRequest request, StreamObserver<ListSnapshotsResponse> response) {
        Filter filter = Filters.parseAll(request.getFiltersList());
        ListSnapshotsResponse.Builder block = ListSnapshotsResponse.newBuilder();
        snapshots.list(RequestContext.namespace(), request.getSnapshotter(),
                info -> filter.match(SnapshotMessages.fields(info)), info -> {
                    block.addInfo(SnapshotMessages.toProto(info));
                    if (block.getInfoCount() == LIST_BLOCK) {
                        response.onNext(block.build());
                        block.clearInfo();
                    }
                });
        if (block.getInfoCount() > 0) {
            response.onNext(block.build());
        }
        response.onCompleted();
    }

    @Override
    public void usage(UsageRequest request, StreamObserver<UsageResponse> response) {
        reply(response, SnapshotMessages.toProto(
                snapshots.usage(RequestContext.namespace(), request.getSnapshotter(), request.getKey())));
    }

    @Override
    public void cleanup(CleanupRequest request, StreamObserver<Empty> response) {
        snapshots.cleanup(request.getSnapshotter());
        reply(response, Empty.getDefaultInstance());
    }

    /** Answers a read here when the snapshotter reads quickly, else from a thread of its own. */
    private <T> void answer(String snapshotter, StreamObserver<T> response, Supplier<T> read) {
        if (snapshots.readsQuickly(snapshotter)) {
            reply(response, read.get());
            return;
        }
        slowReads.execute(() -> {
            try {
                reply(response, read.get());
            } catch (RuntimeException e) {
                response.onError(e);
            }
        });
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }
}
