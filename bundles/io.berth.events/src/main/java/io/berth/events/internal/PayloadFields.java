package io.berth.events.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import io.berth.proto.containerd.services.images.v1.ImageEventsProto;

/**
 * A payload's fields by their proto names, for {@code event.<field>} filters, as containerd's generated
 * field adaptors read them: strings (present when not empty), booleans, {@code map<string, string>} entries
 * by key, and nested messages. Payloads of types other than containerd's events have no fields.
 */
final class PayloadFields {
    private static final Map<String, Descriptor> KNOWN = known(
            io.berth.proto.containerd.events.Container.getDescriptor(),
            io.berth.proto.containerd.events.Content.getDescriptor(),
            io.berth.proto.containerd.events.Namespace.getDescriptor(),
            io.berth.proto.containerd.events.Sandbox.getDescriptor(),
            io.berth.proto.containerd.events.Snapshot.getDescriptor(),
            io.berth.proto.containerd.events.Task.getDescriptor(),
            ImageEventsProto.getDescriptor());

    private final Message message;

    private PayloadFields(Message message) {
        this.message = message;
    }

    /** The payload's fields; empty when its type is not a known event or its bytes do not parse. */
    static Optional<PayloadFields> decode(String typeUrl, byte[] payload) {
        Descriptor type = KNOWN.get(typeUrl.substring(typeUrl.lastIndexOf('/') + 1));
        if (type == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PayloadFields(DynamicMessage.parseFrom(type, payload)));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    Optional<String> field(List<String> fieldpath) {
        return field(message, fieldpath);
    }

    private static Optional<String> field(Message message, List<String> fieldpath) {
        if (fieldpath.isEmpty()) {
            return Optional.empty();
        }
        FieldDescriptor field = message.getDescriptorForType().findFieldByName(fieldpath.getFirst());
        if (field == null) {
            return Optional.empty();
        }
        List<String> rest = fieldpath.subList(1, fieldpath.size());
        if (field.isMapField()) {
            return rest.size() == 1 ? mapEntry(message, field, rest.getFirst()) : Optional.empty();
        }
        if (field.isRepeated()) {
            return Optional.empty();
        }
        Object value = message.getField(field);
        return switch (field.getJavaType()) {
            case STRING -> rest.isEmpty() && !((String) value).isEmpty() ? Optional.of((String) value) : Optional.empty();
            case BOOLEAN -> rest.isEmpty() ? Optional.of(value.toString()) : Optional.empty();
            case MESSAGE -> message.hasField(field) ? field((Message) value, rest) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<String> mapEntry(Message message, FieldDescriptor field, String key) {
        Descriptor entry = field.getMessageType();
        FieldDescriptor keyField = entry.findFieldByName("key");
        FieldDescriptor valueField = entry.findFieldByName("value");
        if (keyField.getJavaType() != FieldDescriptor.JavaType.STRING
                || valueField.getJavaType() != FieldDescriptor.JavaType.STRING) {
            return Optional.empty();
        }
        for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
            Message pair = (Message) message.getRepeatedField(field, i);
            if (key.equals(pair.getField(keyField))) {
                return Optional.of((String) pair.getField(valueField));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Descriptor> known(FileDescriptor... files) {
        Map<String, Descriptor> types = new HashMap<>();
        for (FileDescriptor file : files) {
            for (Descriptor type : file.getMessageTypes()) {
                types.put(type.getFullName(), type);
            }
        }
        return Map.copyOf(types);
    }
}
