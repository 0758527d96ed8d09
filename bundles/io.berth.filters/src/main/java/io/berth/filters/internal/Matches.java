package io.berth.filters.internal;

import java.util.List;
import java.util.regex.Pattern;

import io.berth.filters.Adaptor;
import io.berth.filters.Filter;

/** {@code ~=}: the pattern is found in the value, an absent field counting as empty, as in containerd. */
record Matches(List<String> fieldpath, Pattern pattern) implements Filter {
    @Override
    public boolean match(Adaptor adaptor) {
        return pattern.matcher(adaptor.field(fieldpath).orElse("")).find();
    }
}
