package io.berth.services.events;

import java.time.Instant;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

import io.berth.api.errors.BerthException;
import io.berth.api.events.Event;
import io.berth.proto.containerd.types.Envelope;
import io.berth.services.Timestamps;

/** Between the bus's event and containerd's envelope. */
final class EnvelopeMessages {
    private EnvelopeMessages() {
    }

    static Envelope toProto(Event event) {
        Envelope.Builder envelope = Envelope.newBuilder()
                .setTimestamp(Timestamps.of(event.timestamp()))
                .setNamespace(event.namespace())
                .setTopic(event.topic());
        if (!event.typeUrl().isEmpty()) {
            envelope.setEvent(Any.newBuilder().setTypeUrl(event.typeUrl())
                    .setValue(ByteString.copyFrom(event.payload())));
        }
        return envelope.build();
    }

    /**
     * An envelope forwarded as it is, checked as containerd checks it.
     *
     * @throws BerthException INVALID_ARGUMENT for an invalid namespace or topic, or no timestamp
     */
    static Event fromProto(Envelope envelope) {
        Timestamp at = envelope.getTimestamp();
        if (!envelope.hasTimestamp() || at.getSeconds() == 0 && at.getNanos() == 0) {
            throw BerthException.invalidArgument("timestamp must be set on a forwarded event");
        }
        return new Event(Instant.ofEpochSecond(at.getSeconds(), at.getNanos()), envelope.getNamespace(),
                envelope.getTopic(), envelope.getEvent().getTypeUrl(), envelope.getEvent().getValue().toByteArray());
    }
}
