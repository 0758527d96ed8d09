package io.berth.oci.internal;

import java.io.IOException;
import java.math.BigInteger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Go's {@code uint64} in a Java {@code long}: the same 64 bits, written and read as the unsigned number, so that
 * {@code 18446744073709551615} (unlimited) is {@code -1} here and round-trips.
 */
public final class UnsignedLong {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private UnsignedLong() {
    }

    public static final class Writer extends StdSerializer<Long> {
        public Writer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
    }

    /** For an optional number: absent is null. */
    public static class Reader extends StdDeserializer<Long> {
        public Reader() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser json, DeserializationContext context) throws IOException {
            BigInteger number = json.getBigIntegerValue();
            if (number.signum() < 0 || number.compareTo(MAX) > 0) {
                return (Long) context.handleWeirdNumberValue(Long.class, number,
                        "not an unsigned 64-bit number");
            }
            return number.longValue();
        }
    }

    /** For a number Go always has: absent is 0, as Go reads it. */
    public static final class PrimitiveReader extends Reader {
        @Override
        public Long getNullValue(DeserializationContext context) {
            return 0L;
        }
    }
}
