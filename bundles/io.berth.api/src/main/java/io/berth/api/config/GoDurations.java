package io.berth.api.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.berth.api.errors.BerthException;

/**
 * Durations as Go's {@code time.ParseDuration} reads them ("10s", "1m30s", "1.5h", "250ms"): the form of
 * containerd's configuration values and of ctr's flags.
 */
public final class GoDurations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDurations() {
    }

    /**
     * Parses a duration.
     *
     * @throws BerthException INVALID_ARGUMENT when the text is no Go duration
     */
    public static Duration parse(String text) {
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
            nanos = nanos.add(new BigDecimal(part.group(1))
                    .multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
            position = part.end();
        }
        if (text.isEmpty() || position < text.length()) {
            throw BerthException.invalidArgument("invalid duration '%s' (examples: 500ms, 10s, 1m30s)", text);
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
