package io.berth.filters.internal;

import io.berth.filters.Adaptor;
import io.berth.filters.Filter;

/** The empty filter: everything passes. */
enum Always implements Filter {
    INSTANCE;

    @Override
    public boolean match(Adaptor adaptor) {
        return true;
    }
}
