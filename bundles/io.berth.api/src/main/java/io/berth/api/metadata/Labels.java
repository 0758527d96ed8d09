package io.berth.api.metadata;

import java.nio.charset.StandardCharsets;

import io.berth.api.errors.BerthException;

/** containerd's limit on labels: key and value together at most 4096 bytes of UTF-8. */
public final class Labels {
    /** Largest key plus value, in bytes, as in containerd. */
    public static final int MAX_SIZE = 4096;
    /** How much of an oversized label's key a refusal quotes, as containerd does. */
    private static final int KEY_SHOWN = 64;

    private Labels() {
    }

    /**
     * Checks one label.
     *
     * @throws BerthException of kind INVALID_ARGUMENT when key and value together are too long
     */
    public static void validate(String key, String value) {
        int size = key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_SIZE) {
            String shown = key.length() > KEY_SHOWN ? key.substring(0, KEY_SHOWN) : key;
            throw BerthException.invalidArgument(
                    "label key and value length (%d bytes) greater than maximum size (%d bytes), key: %s",
                    size, MAX_SIZE, shown);
        }
    }
}
