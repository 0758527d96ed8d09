package io.berth.services.events;

import com.google.protobuf.Message;

import io.berth.api.events.EventPublisher;

/** Publishes containerd's event messages under the type urls containerd gives them: their full names. */
public final class ProtoEvents {
    private ProtoEvents() {
    }

    public static void publish(EventPublisher publisher, String namespace, String topic, Message event) {
        publisher.publish(namespace, topic, event.getDescriptorForType().getFullName(), event.toByteArray());
    }
}
