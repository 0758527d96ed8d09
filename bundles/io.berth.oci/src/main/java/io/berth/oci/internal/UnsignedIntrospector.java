package io.berth.oci.internal;

import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;

import io.berth.oci.Unsigned;

/** Jackson's annotations, and {@link Unsigned} numbers written and read through {@link UnsignedLong}. */
public final class UnsignedIntrospector extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public Object findSerializer(Annotated annotated) {
        return annotated.hasAnnotation(Unsigned.class) ? UnsignedLong.Writer.class : super.findSerializer(annotated);
    }

    @Override
    public Object findDeserializer(Annotated annotated) {
        if (!annotated.hasAnnotation(Unsigned.class)) {
            return super.findDeserializer(annotated);
        }
        return annotated.getRawType() == long.class ? UnsignedLong.PrimitiveReader.class : UnsignedLong.Reader.class;
    }
}
