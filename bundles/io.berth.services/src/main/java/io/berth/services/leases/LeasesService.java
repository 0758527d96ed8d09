package io.berth.services.leases;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.protobuf.Empty;

import io.berth.api.gc.GarbageCollector;
import io.berth.api.metadata.Lease;
import io.berth.api.metadata.LeaseResource;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.filters.Filter;
import io.berth.filters.Filters;
import io.berth.grpc.RequestContext;
import io.berth.proto.containerd.services.leases.v1.AddResourceRequest;
import io.berth.proto.containerd.services.leases.v1.CreateRequest;
import io.berth.proto.containerd.services.leases.v1.CreateResponse;
import io.berth.proto.containerd.services.leases.v1.DeleteRequest;
import io.berth.proto.containerd.services.leases.v1.DeleteResourceRequest;
import io.berth.proto.containerd.services.leases.v1.LeasesGrpc;
import io.berth.proto.containerd.services.leases.v1.ListRequest;
import io.berth.proto.containerd.services.leases.v1.ListResourcesRequest;
import io.berth.proto.containerd.services.leases.v1.ListResourcesResponse;
import io.berth.proto.containerd.services.leases.v1.ListResponse;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/**
 * containerd's {@code leases.v1.Leases} on the metadata store, in the request's namespace. Create makes up an id
 * when the client sends none; Delete with {@code sync} returns only after a garbage collection has run.
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=leases",
})
public final class LeasesService extends LeasesGrpc.LeasesImplBase {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MetadataStore metadata;
    private final GarbageCollector gc;

    @Activate
    public LeasesService(@Reference MetadataStore metadata, @Reference GarbageCollector gc) {
        this.metadata = metadata;
        this.gc = gc;
    }

    @Override
    public void create(CreateRequest request, StreamObserver<CreateResponse> response) {
        String namespace = RequestContext.namespace();
        String id = request.getId().isEmpty() ? randomId() : request.getId();
        Lease created = metadata.write(tx -> tx.leases().create(namespace, new Lease(id, request.getLabelsMap(), null)));
        response.onNext(CreateResponse.newBuilder().setLease(LeaseMessages.toProto(created)).build());
        response.onCompleted();
    }

    /** Unique enough among a namespace's leases, and within containerd's identifier rule. */
    private static String randomId() {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return Instant.now().toEpochMilli() + "-" + HexFormat.of().formatHex(random);
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<Empty> response) {
        String namespace = RequestContext.namespace();
        metadata.write(tx -> {
            tx.leases().delete(namespace, request.getId());
            return null;
        });
        if (request.getSync()) {
            gc.collect();
        }
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void list(ListRequest request, StreamObserver<ListResponse> response) {
        String namespace = RequestContext.namespace();
        Filter filter = Filters.parseAll(request.getFiltersList());
        List<Lease> leases = metadata.read(tx -> tx.leases().list(namespace));
        ListResponse.Builder answer = ListResponse.newBuilder();
        leases.stream().filter(lease -> filter.match(LeaseMessages.fields(lease)))
                .forEach(lease -> answer.addLeases(LeaseMessages.toProto(lease)));
        response.onNext(answer.build());
        response.onCompleted();
    }

    @Override
    public void addResource(AddResourceRequest request, StreamObserver<Empty> response) {
        String namespace = RequestContext.namespace();
        LeaseResource resource = LeaseMessages.fromProto(request.getResource());
        metadata.write(tx -> {
            tx.leases().addResource(namespace, request.getId(), resource);
            return null;
        });
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void deleteResource(DeleteResourceRequest request, StreamObserver<Empty> response) {
        String namespace = RequestContext.namespace();
        LeaseResource resource = LeaseMessages.fromProto(request.getResource());
        metadata.write(tx -> {
            tx.leases().deleteResource(namespace, request.getId(), resource);
            return null;
        });
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void listResources(ListResourcesRequest request, StreamObserver<ListResourcesResponse> response) {
        String namespace = RequestContext.namespace();
        List<LeaseResource> resources = metadata.read(tx -> tx.leases().resources(namespace, request.getId()));
        ListResourcesResponse.Builder answer = ListResourcesResponse.newBuilder();
        resources.forEach(resource -> answer.addResources(LeaseMessages.toProto(resource)));
        response.onNext(answer.build());
        response.onCompleted();
    }
}
