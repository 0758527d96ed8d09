package io.berth.services.content;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.protobuf.Empty;

import io.berth.api.content.ContentStore;
import io.berth.api.content.Digest;
import io.berth.api.content.Info;
import io.berth.api.events.EventPublisher;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.filters.Filter;
import io.berth.filters.Filters;
import io.berth.grpc.InlineMethods;
import io.berth.grpc.RequestContext;
import io.berth.proto.containerd.services.content.v1.AbortRequest;
import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.DeleteContentRequest;
import io.berth.proto.containerd.services.content.v1.InfoRequest;
import io.berth.proto.containerd.services.content.v1.InfoResponse;
import io.berth.proto.containerd.services.content.v1.ListContentRequest;
import io.berth.proto.containerd.services.content.v1.ListContentResponse;
import io.berth.proto.containerd.services.content.v1.ListStatusesRequest;
import io.berth.proto.containerd.services.content.v1.ListStatusesResponse;
import io.berth.proto.containerd.services.content.v1.ReadContentRequest;
import io.berth.proto.containerd.services.content.v1.ReadContentResponse;
import io.berth.proto.containerd.services.content.v1.StatusRequest;
import io.berth.proto.containerd.services.content.v1.StatusResponse;
import io.berth.proto.containerd.services.content.v1.UpdateRequest;
import io.berth.proto.containerd.services.content.v1.UpdateResponse;
import io.berth.proto.containerd.services.content.v1.WriteContentRequest;
import io.berth.proto.containerd.services.content.v1.WriteContentResponse;
import io.grpc.BindableService;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * containerd's {@code content.v1.Content} on the content store, seen through the request's namespace:
 * blobs and their labels are the namespace's references in the metadata store, ingests are the namespace's.
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=content",
    InlineMethods.PROPERTY + "=Info",
    InlineMethods.PROPERTY + "=Read",
})
public final class ContentService extends ContentGrpc.ContentImplBase {
    /** How many infos one List response carries, as in containerd. */
    private static final int LIST_BLOCK = 100;

    private final NamespacedContent content;
    /** Reads what follows a blob's first chunk, off the transport thread. */
    private final Executor reader = task -> Thread.ofVirtual().name("content-read").start(task);

    @Activate
    public ContentService(@Reference ContentStore store, @Reference MetadataStore metadata,
                          @Reference EventPublisher events) {
        this.content = new NamespacedContent(store, metadata, events);
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> response) {
        Info info = content.info(RequestContext.namespace(), Digest.parse(request.getDigest()));
        response.onNext(InfoResponse.newBuilder().setInfo(ContentMessages.toProto(info)).build());
        response.onCompleted();
    }

    @Override
    public void update(UpdateRequest request, StreamObserver<UpdateResponse> response) {
        var wanted = request.getInfo();
        Info updated = content.update(RequestContext.namespace(), Digest.parse(wanted.getDigest()),
                wanted.getLabelsMap(), request.getUpdateMask().getPathsList());
        response.onNext(UpdateResponse.newBuilder().setInfo(ContentMessages.toProto(updated)).build());
        response.onCompleted();
    }

    @Override
    public void list(ListContentRequest request, StreamObserver<ListContentResponse> response) {
        Filter filter = Filters.parseAll(request.getFiltersList());
        List<Info> infos = content.list(RequestContext.namespace(), filter);
        for (int from = 0; from < infos.size(); from += LIST_BLOCK) {
            ListContentResponse.Builder block = ListContentResponse.newBuilder();
            infos.subList(from, Math.min(infos.size(), from + LIST_BLOCK))
                    .forEach(info -> block.addInfo(ContentMessages.toProto(info)));
            response.onNext(block.build());
        }
        response.onCompleted();
    }

    @Override
    public void delete(DeleteContentRequest request, StreamObserver<Empty> response) {
        content.delete(RequestContext.namespace(), Digest.parse(request.getDigest()));
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void read(ReadContentRequest request, StreamObserver<ReadContentResponse> response) {
        Digest digest = Digest.parse(request.getDigest());
        InputStream data = content.read(RequestContext.namespace(), digest, request.getOffset(), request.getSize());
        ReadStream.start(data, (ServerCallStreamObserver<ReadContentResponse>) response,
                Math.max(0, request.getOffset()), "content " + digest, reader);
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
        var status = content.status(RequestContext.namespace(), request.getRef());
        response.onNext(StatusResponse.newBuilder().setStatus(ContentMessages.toProto(status, request.getRef())).build());
        response.onCompleted();
    }

    @Override
    public void listStatuses(ListStatusesRequest request, StreamObserver<ListStatusesResponse> response) {
        Filter filter = Filters.parseAll(request.getFiltersList());
        ListStatusesResponse.Builder answer = ListStatusesResponse.newBuilder();
        for (Map.Entry<String, io.berth.api.content.Status> entry
                : content.listStatuses(RequestContext.namespace(), filter)) {
            answer.addStatuses(ContentMessages.toProto(entry.getValue(), entry.getKey()));
        }
        response.onNext(answer.build());
        response.onCompleted();
    }

    @Override
    public StreamObserver<WriteContentRequest> write(StreamObserver<WriteContentResponse> response) {
        return new WriteSession(content, RequestContext.namespace(), RequestContext.lease(), response);
    }

    @Override
    public void abort(AbortRequest request, StreamObserver<Empty> response) {
        content.abort(RequestContext.namespace(), request.getRef());
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }
}
