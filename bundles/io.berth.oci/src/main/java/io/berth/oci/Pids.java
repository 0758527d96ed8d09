package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** @param limit the most processes the container may have; 0 or less for no limit */
public record Pids(@JsonInclude(Include.ALWAYS) long limit) {
}
