package io.berth.oci;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** What the runtime runs at each point of the container's life cycle. */
public record Hooks(
        @JsonInclude(Include.NON_EMPTY) List<Hook> prestart,
        @JsonInclude(Include.NON_EMPTY) List<Hook> createRuntime,
        @JsonInclude(Include.NON_EMPTY) List<Hook> createContainer,
        @JsonInclude(Include.NON_EMPTY) List<Hook> startContainer,
        @JsonInclude(Include.NON_EMPTY) List<Hook> poststart,
        @JsonInclude(Include.NON_EMPTY) List<Hook> poststop) {
}
