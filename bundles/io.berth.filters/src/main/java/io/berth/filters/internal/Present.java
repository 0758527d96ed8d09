package io.berth.filters.internal;

import java.util.List;

import io.berth.filters.Adaptor;
import io.berth.filters.Filter;

/** A bare field path: the field exists. */
record Present(List<String> fieldpath) implements Filter {
    @Override
    public boolean match(Adaptor adaptor) {
        return adaptor.field(fieldpath).isPresent();
    }
}
