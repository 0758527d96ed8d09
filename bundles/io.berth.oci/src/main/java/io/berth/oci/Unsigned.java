package io.berth.oci;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code long} that holds a Go {@code uint64}: {@link SpecJson} writes and reads its 64 bits as the
 * unsigned number, so that {@code 18446744073709551615} is {@code -1} here.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Unsigned {
}
