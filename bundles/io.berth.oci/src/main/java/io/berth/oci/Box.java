package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** A terminal's size in characters. */
public record Box(@JsonInclude(Include.ALWAYS) long height, @JsonInclude(Include.ALWAYS) long width) {
}
