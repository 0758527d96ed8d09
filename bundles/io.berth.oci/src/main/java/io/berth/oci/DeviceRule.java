package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * A device cgroup rule.
 *
 * @param allow whether it allows or denies
 * @param type {@code c}, {@code b} or {@code a}; empty for all
 * @param major the major number; null for all
 * @param minor the minor number; null for all
 * @param access any of {@code r}, {@code w} and {@code m}
 */
public record DeviceRule(
        @JsonInclude(Include.ALWAYS) boolean allow,
        @JsonInclude(Include.NON_EMPTY) String type,
        Long major,
        Long minor,
        @JsonInclude(Include.NON_EMPTY) String access) {
}
