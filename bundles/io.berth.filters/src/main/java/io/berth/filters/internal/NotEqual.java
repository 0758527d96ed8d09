package io.berth.filters.internal;

import java.util.List;

import io.berth.filters.Adaptor;
import io.berth.filters.Filter;

/**
 * {@code !=}: an absent field counts as empty, as in containerd, so {@code labels.x!=""} means
 * "x is set and not empty".
 */
record NotEqual(List<String> fieldpath, String value) implements Filter {
    @Override
    public boolean match(Adaptor adaptor) {
        return !adaptor.field(fieldpath).orElse("").equals(value);
    }
}
