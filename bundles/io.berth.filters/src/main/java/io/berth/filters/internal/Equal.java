package io.berth.filters.internal;

import java.util.List;
import java.util.Optional;

import io.berth.filters.Adaptor;
import io.berth.filters.Filter;

/** {@code ==}: the field exists and holds exactly the value. */
record Equal(List<String> fieldpath, String value) implements Filter {
    @Override
    public boolean match(Adaptor adaptor) {
        Optional<String> actual = adaptor.field(fieldpath);
        return actual.isPresent() && actual.get().equals(value);
    }
}
