package io.berth.services.containers;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;

import io.berth.api.metadata.Container;
import io.berth.api.metadata.TypedValue;
import io.berth.filters.Adaptor;
import io.berth.services.Timestamps;

/** Between the API's container and containerd's message, and the fields a filter reads. */
final class ContainerMessages {
    private ContainerMessages() {
    }

    static io.berth.proto.containerd.services.containers.v1.Container toProto(Container container) {
        var runtime = io.berth.proto.containerd.services.containers.v1.Container.Runtime.newBuilder()
                .setName(container.runtimeName());
        if (container.runtimeOptions() != null) {
            runtime.setOptions(toAny(container.runtimeOptions()));
        }
        var message = io.berth.proto.containerd.services.containers.v1.Container.newBuilder()
                .setId(container.id()).putAllLabels(container.labels()).setImage(container.image())
                .setRuntime(runtime).setSnapshotter(container.snapshotter())
                .setSnapshotKey(container.snapshotKey()).setSandbox(container.sandbox())
                .setCreatedAt(Timestamps.of(container.createdAt()))
                .setUpdatedAt(Timestamps.of(container.updatedAt()));
        if (container.spec() != null) {
            message.setSpec(toAny(container.spec()));
        }
        container.extensions().forEach((name, value) -> message.putExtensions(name, toAny(value)));
        return message.build();
    }

    /** The container a client sent; its times are the store's to set, a missing spec stays null for it to refuse. */
    static Container fromProto(io.berth.proto.containerd.services.containers.v1.Container message) {
        var runtime = message.getRuntime();
        Map<String, TypedValue> extensions = new HashMap<>();
        message.getExtensionsMap().forEach((name, value) -> extensions.put(name, fromAny(value)));
        return new Container(message.getId(), message.getLabelsMap(), message.getImage(), runtime.getName(),
                runtime.hasOptions() ? fromAny(runtime.getOptions()) : null,
                message.hasSpec() ? fromAny(message.getSpec()) : null, message.getSnapshotter(),
                message.getSnapshotKey(), message.getSandbox(), extensions, null, null);
    }

    static Any toAny(TypedValue value) {
        return Any.newBuilder().setTypeUrl(value.typeUrl()).setValue(ByteString.copyFrom(value.value())).build();
    }

    private static TypedValue fromAny(Any any) {
        return new TypedValue(any.getTypeUrl(), any.getValue().toByteArray());
    }

    /** containerd's container filter fields: {@code id}, {@code image}, {@code runtime.name}, labels. */
    static Adaptor fields(Container container) {
        return path -> {
            if (path.isEmpty()) {
                return Optional.empty();
            }
            return switch (path.getFirst()) {
                case "id" -> path.size() == 1 ? Optional.of(container.id()) : Optional.empty();
                case "image" -> path.size() == 1 ? present(container.image()) : Optional.empty();
                case "runtime" -> path.size() == 2 && path.get(1).equals("name")
                        ? present(container.runtimeName()) : Optional.empty();
                // A key's dots may be split into several path components.
                case "labels" -> path.size() < 2 ? Optional.empty()
                        : Optional.ofNullable(container.labels().get(String.join(".", path.subList(1, path.size()))));
                default -> Optional.empty();
            };
        };
    }

    /** An empty field is an absent one to a filter, as in containerd. */
    private static Optional<String> present(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
