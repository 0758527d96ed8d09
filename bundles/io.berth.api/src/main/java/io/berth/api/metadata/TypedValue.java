package io.berth.api.metadata;

import java.util.Objects;

/**
 * A serialized value with the URL naming its type, as a protobuf {@code Any} carries it; the store keeps it
 * opaque so that runtimes may define their own option types.
 *
 * @param typeUrl the type's URL, for example {@code types.containerd.io/opencontainers/runtime-spec/1/Spec}
 * @param value the serialized value; never null
 */
public record TypedValue(String typeUrl, byte[] value) {
    public TypedValue {
        Objects.requireNonNull(typeUrl, "typeUrl");
        value = value == null ? new byte[0] : value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
