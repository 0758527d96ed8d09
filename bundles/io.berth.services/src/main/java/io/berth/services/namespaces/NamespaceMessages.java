package io.berth.services.namespaces;

import java.util.Optional;

import io.berth.api.metadata.Namespace;
import io.berth.filters.Adaptor;

/** Between the API's namespace and containerd's message, and the fields a filter reads. */
final class NamespaceMessages {
    private NamespaceMessages() {
    }

    static io.berth.proto.containerd.services.namespaces.v1.Namespace toProto(Namespace namespace) {
        return io.berth.proto.containerd.services.namespaces.v1.Namespace.newBuilder()
                .setName(namespace.name()).putAllLabels(namespace.labels()).build();
    }

    static Namespace fromProto(io.berth.proto.containerd.services.namespaces.v1.Namespace message) {
        return new Namespace(message.getName(), message.getLabelsMap());
    }

    static Adaptor fields(Namespace namespace) {
        return path -> switch (path.size()) {
            case 1 -> path.getFirst().equals("name") ? Optional.of(namespace.name()) : Optional.empty();
            case 2 -> path.getFirst().equals("labels")
                    ? Optional.ofNullable(namespace.labels().get(path.get(1))) : Optional.empty();
            default -> Optional.empty();
        };
    }
}
