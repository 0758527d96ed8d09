package io.berth.oci;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** The process's capability sets, by name ({@code CAP_CHOWN}, ...). */
public record Capabilities(
        @JsonInclude(Include.NON_EMPTY) List<String> bounding,
        @JsonInclude(Include.NON_EMPTY) List<String> effective,
        @JsonInclude(Include.NON_EMPTY) List<String> inheritable,
        @JsonInclude(Include.NON_EMPTY) List<String> permitted,
        @JsonInclude(Include.NON_EMPTY) List<String> ambient) {
}
