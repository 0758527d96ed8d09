package io.berth.ttrpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;

/** Converts between the google.rpc.Status on the wire and grpc-java's status, keeping details. */
final class Statuses {
    private Statuses() {
    }

    static com.google.rpc.Status toProto(Status status) {
        return StatusProto.fromStatusAndTrailers(status, null);
    }

    static com.google.rpc.Status toProto(StatusException e) {
        return StatusProto.fromThrowable(e);
    }

    /** The exception for a failed call; a code grpc does not know becomes UNKNOWN with the code in the text. */
    static StatusException toException(com.google.rpc.Status proto) {
        Status status = Status.fromCodeValue(proto.getCode());
        if (status.getCode().value() != proto.getCode()) {
            return Status.UNKNOWN
                    .withDescription("status code " + proto.getCode() + ": " + proto.getMessage())
                    .asException();
        }
        return StatusProto.toStatusException(proto);
    }
}
