package io.berth.services.namespaces;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.protobuf.Empty;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.events.EventPublisher;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.Namespace;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.filters.Filter;
import io.berth.filters.Filters;
import io.berth.grpc.InlineMethods;
import io.berth.proto.containerd.events.NamespaceCreate;
import io.berth.proto.containerd.events.NamespaceDelete;
import io.berth.proto.containerd.events.NamespaceUpdate;
import io.berth.proto.containerd.services.namespaces.v1.CreateNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.CreateNamespaceResponse;
import io.berth.proto.containerd.services.namespaces.v1.DeleteNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.GetNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.GetNamespaceResponse;
import io.berth.proto.containerd.services.namespaces.v1.ListNamespacesRequest;
import io.berth.proto.containerd.services.namespaces.v1.ListNamespacesResponse;
import io.berth.proto.containerd.services.namespaces.v1.NamespacesGrpc;
import io.berth.proto.containerd.services.namespaces.v1.UpdateNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.UpdateNamespaceResponse;
import io.berth.services.events.ProtoEvents;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/**
 * containerd's {@code namespaces.v1.Namespaces} on the metadata store. List also takes containerd's
 * filter language over {@code name} and {@code labels.<key>}. Changes are published, once committed, as
 * containerd's {@code /namespaces/create}, {@code /namespaces/update} and {@code /namespaces/delete} events, each
 * in the namespace it is about and with the labels the request gave (an empty value for one it removes), as
 * containerd 2 publishes them. Get of a namespace that does not exist answers, as
 * containerd's does, with its name and no labels: only List and Delete tell whether it exists.
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=namespaces",
    InlineMethods.PROPERTY + "=Get",
})
public final class NamespacesService extends NamespacesGrpc.NamespacesImplBase {
    private final MetadataStore metadata;
    private final EventPublisher events;

    @Activate
    public NamespacesService(@Reference MetadataStore metadata, @Reference EventPublisher events) {
        this.metadata = metadata;
        this.events = events;
    }

    @Override
    public void get(GetNamespaceRequest request, StreamObserver<GetNamespaceResponse> response) {
        Namespace namespace;
        try {
            namespace = metadata.read(tx -> tx.namespaces().get(request.getName()));
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
            // containerd reads the labels of a namespace that does not exist as none, and answers with its name.
            namespace = new Namespace(request.getName(), Map.of());
        }
        response.onNext(GetNamespaceResponse.newBuilder().setNamespace(NamespaceMessages.toProto(namespace)).build());
        response.onCompleted();
    }

    @Override
    public void list(ListNamespacesRequest request, StreamObserver<ListNamespacesResponse> response) {
        Filter filter = Filters.parse(request.getFilter());
        List<Namespace> namespaces = metadata.read(tx -> tx.namespaces().list());
        ListNamespacesResponse.Builder answer = ListNamespacesResponse.newBuilder();
        for (Namespace namespace : namespaces) {
            if (filter.match(NamespaceMessages.fields(namespace))) {
                answer.addNamespaces(NamespaceMessages.toProto(namespace));
            }
        }
        response.onNext(answer.build());
        response.onCompleted();
    }

    @Override
    public void create(CreateNamespaceRequest request, StreamObserver<CreateNamespaceResponse> response) {
        Namespace wanted = NamespaceMessages.fromProto(request.getNamespace());
        Namespace created = metadata.write(tx -> tx.namespaces().create(wanted));
        ProtoEvents.publish(events, created.name(), "/namespaces/create", NamespaceCreate.newBuilder()
                .setName(created.name()).putAllLabels(request.getNamespace().getLabelsMap()).build());
        response.onNext(CreateNamespaceResponse.newBuilder().setNamespace(NamespaceMessages.toProto(created)).build());
        response.onCompleted();
    }

    @Override
    public void update(UpdateNamespaceRequest request, StreamObserver<UpdateNamespaceResponse> response) {
        Namespace wanted = NamespaceMessages.fromProto(request.getNamespace());
        List<String> paths = request.getUpdateMask().getPathsList();
        for (String path : paths) {
            // containerd's service changes labels one by one: not even "labels" as a whole.
            if (!path.startsWith("labels.")) {
                throw BerthException.invalidArgument("cannot update \"%s\" field", path);
            }
        }
        Namespace updated = metadata.write(tx -> tx.namespaces().update(wanted, paths));
        ProtoEvents.publish(events, updated.name(), "/namespaces/update", NamespaceUpdate.newBuilder()
                .setName(updated.name()).putAllLabels(request.getNamespace().getLabelsMap()).build());
        response.onNext(UpdateNamespaceResponse.newBuilder().setNamespace(NamespaceMessages.toProto(updated)).build());
        response.onCompleted();
    }

    @Override
    public void delete(DeleteNamespaceRequest request, StreamObserver<Empty> response) {
        metadata.write(tx -> {
            tx.namespaces().delete(request.getName());
            return null;
        });
        ProtoEvents.publish(events, request.getName(), "/namespaces/delete",
                NamespaceDelete.newBuilder().setName(request.getName()).build());
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }
}
