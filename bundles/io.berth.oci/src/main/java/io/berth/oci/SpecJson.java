package io.berth.oci;

import java.io.IOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.berth.api.errors.BerthException;
import io.berth.oci.internal.GoJsonEscapes;
import io.berth.oci.internal.UnsignedIntrospector;

/**
 * A spec as the JSON runtimes read: fields in the order of Go's runtime-spec package, map keys sorted and empty
 * parts left out as that package leaves them out, so that a spec read and written again is the same JSON. A number
 * or flag left out reads as Go reads it: 0 or false.
 */
public final class SpecJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder(goJson())
            .annotationIntrospector(new UnsignedIntrospector())
            .defaultPropertyInclusion(JsonInclude.Value.construct(Include.NON_NULL, Include.NON_NULL))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SpecJson() {
    }

    private static JsonFactory goJson() {
        JsonFactory factory = new JsonFactory();
        factory.setCharacterEscapes(new GoJsonEscapes());
        return factory;
    }

    /**
     * @throws BerthException INVALID_ARGUMENT for JSON that is not a spec, or that has a field this model does
     *         not know: dropping it silently would change the container
     */
    public static Spec read(byte[] json) {
        try {
            return MAPPER.readValue(json, Spec.class);
        } catch (JacksonException e) {
            throw BerthException.invalidArgument("not an OCI runtime spec this runtime understands: %s",
                    e.getOriginalMessage());
        } catch (IOException e) {
            throw BerthException.invalidArgument("not an OCI runtime spec: %s", e.getMessage());
        }
    }

    /** The spec as compact JSON, as Go's {@code json.Marshal} writes it. */
    public static byte[] write(Spec spec) {
        try {
            return MAPPER.writeValueAsBytes(spec);
        } catch (JacksonException e) {
            throw new IllegalStateException("a spec record that cannot be written as JSON", e);
        }
    }
}
