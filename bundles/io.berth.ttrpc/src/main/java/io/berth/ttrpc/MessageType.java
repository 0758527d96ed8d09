package io.berth.ttrpc;

/** The kinds of ttrpc frame, by the code in the header's type byte. */
enum MessageType {
    /** Opens a stream and names the procedure. */
    REQUEST(0x1),
    /** Ends a stream with a status and, on success, the result. */
    RESPONSE(0x2),
    /** More data on a stream that is already open. */
    DATA(0x3);

    final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The type with this code, or null for a code this implementation does not know. */
    static MessageType of(int code) {
        for (MessageType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
