package io.berth.cli.events;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.berth.cli.CommandFailure;
import io.berth.proto.containerd.events.Container;
import io.berth.proto.containerd.events.Content;
import io.berth.proto.containerd.events.Namespace;
import io.berth.proto.containerd.events.Sandbox;
import io.berth.proto.containerd.events.Snapshot;
import io.berth.proto.containerd.events.Task;
import io.berth.proto.containerd.services.images.v1.ImageEventsProto;
import io.berth.proto.containerd.types.Envelope;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * One event as ctr prints it: the time as Go prints a UTC time, the namespace, the topic, and the payload
 * as compact JSON with the proto field names. A payload of a type this client does not know is shown as
 * its type URL and base64 bytes rather than dropped.
 */
final class EventLine {
    private static final List<FileDescriptor> EVENT_FILES = List.of(
            Container.getDescriptor(), Content.getDescriptor(), ImageEventsProto.getDescriptor(),
            Namespace.getDescriptor(), Sandbox.getDescriptor(), Snapshot.getDescriptor(), Task.getDescriptor());
    private static final JsonFormat.TypeRegistry EVENT_TYPES = registry();
    private static final JsonFormat.Printer PAYLOAD = JsonFormat.printer()
            .usingTypeRegistry(EVENT_TYPES).preservingProtoFieldNames().omittingInsignificantWhitespace();
    private static final JsonFormat.Printer ENVELOPE = JsonFormat.printer()
            .usingTypeRegistry(EVENT_TYPES).omittingInsignificantWhitespace();
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private EventLine() {
    }

    static String text(Envelope event) {
        return goTime(event.getTimestamp()) + " " + event.getNamespace() + " " + event.getTopic() + " "
                + payload(event);
    }

    /** The envelope in protobuf's JSON mapping; the payload is decoded where its type is known. */
    static String json(Envelope event) {
        Envelope printable = event.hasEvent() && type(event.getEvent()) == null
                ? event.toBuilder().clearEvent().build() : event;
        try {
            return ENVELOPE.print(printable);
        } catch (InvalidProtocolBufferException e) {
            throw new CommandFailure("print event " + event.getTopic() + ": " + e.getMessage(), e);
        }
    }

    private static String payload(Envelope event) {
        if (!event.hasEvent()) {
            return "";
        }
        Any any = event.getEvent();
        Descriptor type = type(any);
        if (type == null) {
            return "{\"type_url\":\"" + any.getTypeUrl() + "\",\"value\":\""
                    + Base64.getEncoder().encodeToString(any.getValue().toByteArray()) + "\"}";
        }
        try {
            return PAYLOAD.print(DynamicMessage.parseFrom(type, any.getValue()));
        } catch (InvalidProtocolBufferException e) {
            throw new CommandFailure("decode event " + any.getTypeUrl() + ": " + e.getMessage(), e);
        }
    }

    /** The payload's message type, or null when this client does not know it. */
    private static Descriptor type(Any payload) {
        String url = payload.getTypeUrl();
        return EVENT_TYPES.find(url.substring(url.lastIndexOf('/') + 1));
    }

    /** Go's time.Time String of a UTC time: "2006-01-02 15:04:05.999999999 +0000 UTC", trailing zeros cut. */
    static String goTime(Timestamp timestamp) {
        Instant time = Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
        StringBuilder text = new StringBuilder(SECONDS.format(time.atOffset(ZoneOffset.UTC)));
        if (timestamp.getNanos() != 0) {
            String fraction = String.format("%09d", timestamp.getNanos()).replaceFirst("0+$", "");
            text.append('.').append(fraction);
        }
        return text.append(" +0000 UTC").toString();
    }

    private static JsonFormat.TypeRegistry registry() {
        JsonFormat.TypeRegistry.Builder registry = JsonFormat.TypeRegistry.newBuilder();
        EVENT_FILES.forEach(file -> registry.add(file.getMessageTypes()));
        return registry.build();
    }
}
