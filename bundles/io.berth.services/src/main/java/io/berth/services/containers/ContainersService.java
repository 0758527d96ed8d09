package io.berth.services.containers;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.protobuf.Empty;

import io.berth.api.events.EventPublisher;
import io.berth.api.metadata.Container;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.filters.Filter;
import io.berth.filters.Filters;
import io.berth.grpc.InlineMethods;
import io.berth.grpc.RequestContext;
import io.berth.proto.containerd.events.ContainerCreate;
import io.berth.proto.containerd.events.ContainerDelete;
import io.berth.proto.containerd.events.ContainerUpdate;
import io.berth.proto.containerd.services.containers.v1.ContainersGrpc;
import io.berth.proto.containerd.services.containers.v1.CreateContainerRequest;
import io.berth.proto.containerd.services.containers.v1.CreateContainerResponse;
import io.berth.proto.containerd.services.containers.v1.DeleteContainerRequest;
import io.berth.proto.containerd.services.containers.v1.GetContainerRequest;
import io.berth.proto.containerd.services.containers.v1.GetContainerResponse;
import io.berth.proto.containerd.services.containers.v1.ListContainerMessage;
import io.berth.proto.containerd.services.containers.v1.ListContainersRequest;
import io.berth.proto.containerd.services.containers.v1.ListContainersResponse;
import io.berth.proto.containerd.services.containers.v1.UpdateContainerRequest;
import io.berth.proto.containerd.services.containers.v1.UpdateContainerResponse;
import io.berth.services.events.ProtoEvents;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/**
 * containerd's {@code containers.v1.Containers} on the metadata store, in the request's namespace. List and
 * ListStream take containerd's filters over {@code id}, {@code image}, {@code runtime.name} and
 * {@code labels.<key>}. Changes are published, once committed, as containerd's {@code /containers/create},
 * {@code /containers/update} and {@code /containers/delete} events. A container's snapshot is its client's to
 * remove, as in containerd; the garbage collector takes it once no container or lease holds it.
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=containers",
    InlineMethods.PROPERTY + "=Get",
})
public final class ContainersService extends ContainersGrpc.ContainersImplBase {
    private final MetadataStore metadata;
    private final EventPublisher events;

    @Activate
    public ContainersService(@Reference MetadataStore metadata, @Reference EventPublisher events) {
        this.metadata = metadata;
        this.events = events;
    }

    @Override
    public void get(GetContainerRequest request, StreamObserver<GetContainerResponse> response) {
        String namespace = RequestContext.namespace();
        Container container = metadata.read(tx -> tx.containers().get(namespace, request.getId()));
        response.onNext(GetContainerResponse.newBuilder().setContainer(ContainerMessages.toProto(container)).build());
        response.onCompleted();
    }

    @Override
    public void list(ListContainersRequest request, StreamObserver<ListContainersResponse> response) {
        ListContainersResponse.Builder answer = ListContainersResponse.newBuilder();
        matching(request).forEach(container -> answer.addContainers(ContainerMessages.toProto(container)));
        response.onNext(answer.build());
        response.onCompleted();
    }

    /** One message per container, so that no answer outgrows a message's size limit. */
    @Override
    public void listStream(ListContainersRequest request, StreamObserver<ListContainerMessage> response) {
        for (Container container : matching(request)) {
            response.onNext(ListContainerMessage.newBuilder().setContainer(ContainerMessages.toProto(container))
                    .build());
        }
        response.onCompleted();
    }

    @Override
    public void create(CreateContainerRequest request, StreamObserver<CreateContainerResponse> response) {
        String namespace = RequestContext.namespace();
        Container wanted = ContainerMessages.fromProto(request.getContainer());
        Container created = metadata.write(tx -> tx.containers().create(namespace, wanted));
        ContainerCreate.Runtime.Builder runtime = ContainerCreate.Runtime.newBuilder().setName(created.runtimeName());
        if (created.runtimeOptions() != null) {
            runtime.setOptions(ContainerMessages.toAny(created.runtimeOptions()));
        }
        ProtoEvents.publish(events, namespace, "/containers/create", ContainerCreate.newBuilder()
                .setId(created.id()).setImage(created.image()).setRuntime(runtime).build());
        response.onNext(CreateContainerResponse.newBuilder().setContainer(ContainerMessages.toProto(created))
                .build());
        response.onCompleted();
    }

    @Override
    public void update(UpdateContainerRequest request, StreamObserver<UpdateContainerResponse> response) {
        String namespace = RequestContext.namespace();
        Container wanted = ContainerMessages.fromProto(request.getContainer());
        List<String> paths = request.getUpdateMask().getPathsList();
        Container updated = metadata.write(tx -> tx.containers().update(namespace, wanted, paths));
        ProtoEvents.publish(events, namespace, "/containers/update", ContainerUpdate.newBuilder()
                .setId(updated.id()).setImage(updated.image()).putAllLabels(updated.labels())
                .setSnapshotKey(updated.snapshotKey()).build());
        response.onNext(UpdateContainerResponse.newBuilder().setContainer(ContainerMessages.toProto(updated))
                .build());
        response.onCompleted();
    }

    @Override
    public void delete(DeleteContainerRequest request, StreamObserver<Empty> response) {
        String namespace = RequestContext.namespace();
        String id = request.getId();
        metadata.write(tx -> {
            tx.containers().delete(namespace, id);
            return null;
        });
        ProtoEvents.publish(events, namespace, "/containers/delete", ContainerDelete.newBuilder().setId(id).build());
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }

    private List<Container> matching(ListContainersRequest request) {
        String namespace = RequestContext.namespace();
        Filter filter = Filters.parseAll(request.getFiltersList());
        return metadata.read(tx -> tx.containers().list(namespace)).stream()
                .filter(container -> filter.match(ContainerMessages.fields(container))).toList();
    }
}
