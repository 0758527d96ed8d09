package io.berth.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations the way Go's time.ParseDuration does ("10s", "1m30s", "1.5h", "250ms"), as ctr's flags take them. */
public final class GoDuration implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher part = PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int position = 0;
        while (position < text.length()) {
            part.region(position, text.length());
            if (!part.lookingAt()) {
                break;
            }
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
            position = part.end();
        }
        if (text.isEmpty() || position < text.length()) {
            throw new TypeConversionException("invalid duration '" + text + "' (examples: 500ms, 10s, 1m30s)");
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
