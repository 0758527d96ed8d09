package io.berth.filters.internal;

import java.util.List;

import io.berth.filters.Adaptor;
import io.berth.filters.Filter;

/** The filters of one List request, any of which may match. */
record AnyOf(List<Filter> filters) implements Filter {
    @Override
    public boolean match(Adaptor adaptor) {
        // Indexed: no iterator per object listed.
        for (int i = 0; i < filters.size(); i++) {
            if (filters.get(i).match(adaptor)) {
                return true;
            }
        }
        return false;
    }
}
