package io.berth.services.snapshots;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.berth.api.snapshots.Info;
import io.berth.api.snapshots.Kind;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.Usage;
import io.berth.filters.Adaptor;
import io.berth.proto.containerd.services.snapshots.v1.UsageResponse;
import io.berth.services.Timestamps;

/** Between the API's snapshots and containerd's messages, and the fields a filter reads. */
final class SnapshotMessages {
    private SnapshotMessages() {
    }

    static io.berth.proto.containerd.services.snapshots.v1.Info toProto(Info info) {
        io.berth.proto.containerd.services.snapshots.v1.Info.Builder message =
                io.berth.proto.containerd.services.snapshots.v1.Info.newBuilder()
                        .setName(info.name()).setParent(info.parent()).setKind(toProto(info.kind()))
                        .putAllLabels(info.labels());
        if (info.createdAt() != null) {
            message.setCreatedAt(Timestamps.of(info.createdAt()));
        }
        if (info.updatedAt() != null) {
            message.setUpdatedAt(Timestamps.of(info.updatedAt()));
        }
        return message.build();
    }

    static List<io.berth.proto.containerd.types.Mount> toProto(List<Mount> mounts) {
        return mounts.stream().map(mount -> io.berth.proto.containerd.types.Mount.newBuilder()
                .setType(mount.type()).setSource(mount.source()).addAllOptions(mount.options()).build()).toList();
    }

    static UsageResponse toProto(Usage usage) {
        return UsageResponse.newBuilder().setSize(usage.size()).setInodes(usage.inodes()).build();
    }

    private static io.berth.proto.containerd.services.snapshots.v1.Kind toProto(Kind kind) {
        return switch (kind) {
            case VIEW -> io.berth.proto.containerd.services.snapshots.v1.Kind.VIEW;
            case ACTIVE -> io.berth.proto.containerd.services.snapshots.v1.Kind.ACTIVE;
            case COMMITTED -> io.berth.proto.containerd.services.snapshots.v1.Kind.COMMITTED;
        };
    }

    /** containerd's snapshot filter fields: {@code name}, {@code parent}, {@code kind} (in lower case), labels. */
    static Adaptor fields(Info info) {
        return path -> {
            if (path.isEmpty()) {
                return Optional.empty();
            }
            return switch (path.getFirst()) {
                case "name" -> path.size() == 1 ? Optional.of(info.name()) : Optional.empty();
                case "parent" -> path.size() == 1 ? Optional.of(info.parent()) : Optional.empty();
                case "kind" -> path.size() == 1 ? Optional.of(info.kind().name().toLowerCase(Locale.ROOT))
                        : Optional.empty();
                // A key's dots may be split into several path components.
                case "labels" -> path.size() < 2 ? Optional.empty()
                        : Optional.ofNullable(info.labels().get(String.join(".", path.subList(1, path.size()))));
                default -> Optional.empty();
            };
        };
    }
}
