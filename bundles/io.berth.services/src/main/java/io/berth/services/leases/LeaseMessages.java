package io.berth.services.leases;

import java.util.Optional;

import io.berth.api.metadata.Lease;
import io.berth.api.metadata.LeaseResource;
import io.berth.filters.Adaptor;
import io.berth.proto.containerd.services.leases.v1.Resource;
import io.berth.services.Timestamps;

/** Between the API's leases and containerd's messages, and the fields a filter reads. */
final class LeaseMessages {
    private LeaseMessages() {
    }

    static io.berth.proto.containerd.services.leases.v1.Lease toProto(Lease lease) {
        return io.berth.proto.containerd.services.leases.v1.Lease.newBuilder()
                .setId(lease.id()).setCreatedAt(Timestamps.of(lease.createdAt())).putAllLabels(lease.labels())
                .build();
    }

    static Resource toProto(LeaseResource resource) {
        return Resource.newBuilder().setId(resource.id()).setType(resource.type()).build();
    }

    static LeaseResource fromProto(Resource resource) {
        return new LeaseResource(resource.getId(), resource.getType());
    }

    /** containerd's lease filter fields: {@code id} and {@code labels.<key>}. */
    static Adaptor fields(Lease lease) {
        return path -> {
            if (path.size() == 1 && path.getFirst().equals("id")) {
                return Optional.of(lease.id());
            }
            if (path.size() >= 2 && path.getFirst().equals("labels")) {
                return Optional.ofNullable(lease.labels().get(String.join(".", path.subList(1, path.size()))));
            }
            return Optional.empty();
        };
    }
}
