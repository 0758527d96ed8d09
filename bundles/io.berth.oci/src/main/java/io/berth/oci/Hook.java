package io.berth.oci;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * A program the runtime runs.
 *
 * @param path the program, absolute
 * @param args its command line, the program's name first
 * @param env its environment
 * @param timeout seconds it may take; null for no limit
 */
public record Hook(
        @JsonInclude(Include.ALWAYS) String path,
        @JsonInclude(Include.NON_EMPTY) List<String> args,
        @JsonInclude(Include.NON_EMPTY) List<String> env,
        Integer timeout) {
}
