package io.berth.services.content;

import java.util.List;
import java.util.Optional;


import io.berth.api.content.Digest;
import io.berth.api.content.Info;
import io.berth.api.content.Status;
import io.berth.filters.Adaptor;
import io.berth.services.Timestamps;

/** Between the API's content records and containerd's messages, and the fields a filter reads. */
final class ContentMessages {
    private ContentMessages() {
    }

    static io.berth.proto.containerd.services.content.v1.Info toProto(Info info) {
        return io.berth.proto.containerd.services.content.v1.Info.newBuilder()
                .setDigest(info.digest().toString()).setSize(info.size())
                .setCreatedAt(Timestamps.of(info.createdAt())).setUpdatedAt(Timestamps.of(info.updatedAt()))
                .putAllLabels(info.labels()).build();
    }

    /** The status as the client sees it: under its own ref. */
    static io.berth.proto.containerd.services.content.v1.Status toProto(Status status, String ref) {
        return io.berth.proto.containerd.services.content.v1.Status.newBuilder()
                .setRef(ref).setOffset(status.offset()).setTotal(status.total())
                .setExpected(status.expected().map(Digest::toString).orElse(""))
                .setStartedAt(Timestamps.of(status.startedAt())).setUpdatedAt(Timestamps.of(status.updatedAt())).build();
    }


    /** containerd's content filter fields: {@code digest}, {@code size} and {@code labels.<key>}. */
    static Adaptor fields(Info info) {
        return path -> {
            if (path.size() == 1 && path.getFirst().equals("size")) {
                return Optional.of(Long.toString(info.size()));
            }
            return info.field(path);
        };
    }

    /** The ingest filter field {@code ref}, read as the client's ref. */
    static Adaptor fields(String ref) {
        return path -> path.equals(List.of("ref")) ? Optional.of(ref) : Optional.empty();
    }
}
