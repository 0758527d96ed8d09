package io.berth.events.internal;

import java.util.List;
import java.util.Optional;

import io.berth.api.events.Event;
import io.berth.filters.Adaptor;

/**
 * The fields a subscription's filter reads, as containerd's envelope offers them: {@code topic},
 * {@code namespace}, and {@code event.<field>} from the payload where its type is known.
 */
final class EventFields implements Adaptor {
    private final Event event;
    private Optional<PayloadFields> payload;

    EventFields(Event event) {
        this.event = event;
    }

    @Override
    public Optional<String> field(List<String> fieldpath) {
        if (fieldpath.isEmpty()) {
            return Optional.empty();
        }
        return switch (fieldpath.getFirst()) {
            case "topic" -> Optional.of(event.topic());
            case "namespace" -> Optional.of(event.namespace());
            case "event" -> payload().flatMap(fields -> fields.field(fieldpath.subList(1, fieldpath.size())));
            default -> Optional.empty();
        };
    }

    /** Decoded once per event, and only when a filter asks for a payload field. */
    private Optional<PayloadFields> payload() {
        if (payload == null) {
            payload = PayloadFields.decode(event.typeUrl(), event.payload());
        }
        return payload;
    }
}
