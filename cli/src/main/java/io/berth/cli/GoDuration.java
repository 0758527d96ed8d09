package io.berth.cli;

import io.berth.api.config.GoDurations;
import io.berth.api.errors.BerthException;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a flag's duration the way Go's time.ParseDuration does ("10s", "1m30s", "250ms"), as ctr's flags take them. */
public final class GoDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    static Duration parse(String text) {
        try {
            return GoDurations.parse(text);
        } catch (BerthException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
