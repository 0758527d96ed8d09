package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * @param pageSize the page size, as {@code 2MB}
 * @param limit bytes of such pages the container may use
 */
public record HugepageLimit(
        @JsonInclude(Include.ALWAYS) String pageSize,
        @JsonInclude(Include.ALWAYS) @Unsigned long limit) {
}
