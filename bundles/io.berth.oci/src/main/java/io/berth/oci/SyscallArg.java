package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * A condition on one argument of a system call.
 *
 * @param index which argument, from 0
 * @param value the value compared with, an unsigned 64-bit number
 * @param valueTwo the second value of a masked comparison
 * @param op the comparison, as {@code SCMP_CMP_EQ}
 */
public record SyscallArg(
        @JsonInclude(Include.ALWAYS) long index,
        @JsonInclude(Include.ALWAYS) @Unsigned long value,
        @JsonInclude(Include.NON_DEFAULT) @Unsigned long valueTwo,
        @JsonInclude(Include.ALWAYS) String op) {
}
