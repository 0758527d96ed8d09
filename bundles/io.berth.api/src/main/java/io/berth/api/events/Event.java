package io.berth.api.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import io.berth.api.namespaces.Namespaces;

/**
 * One event as the bus carries it: containerd's envelope without protobuf types. The payload is what a
 * protobuf {@code Any} holds: the message's type url (for containerd's events the message's full name, such
 * as {@code containerd.events.NamespaceCreate}) and its serialized bytes.
 *
 * @param timestamp when the event was first published
 * @param namespace the namespace it belongs to
 * @param topic where it was published, such as {@code /namespaces/create}
 * @param typeUrl the payload's type url; empty when there is no payload
 * @param payload the payload's serialized bytes
 * @throws io.berth.api.errors.BerthException of kind INVALID_ARGUMENT for an invalid namespace or topic
 */
public record Event(Instant timestamp, String namespace, String topic, String typeUrl, byte[] payload) {

    public Event {
        Objects.requireNonNull(timestamp, "timestamp");
        Namespaces.validate(namespace);
        Topics.validate(topic);
        typeUrl = typeUrl == null ? "" : typeUrl;
        payload = payload == null ? new byte[0] : payload.clone();
    }

    /** A copy of the payload's bytes. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Event that && timestamp.equals(that.timestamp) && namespace.equals(that.namespace)
                && topic.equals(that.topic) && typeUrl.equals(that.typeUrl) && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, namespace, topic, typeUrl, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "Event[" + timestamp + " " + namespace + " " + topic + " " + typeUrl + " "
                + HexFormat.of().formatHex(payload) + "]";
    }
}
