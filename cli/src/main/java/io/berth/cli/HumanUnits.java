package io.berth.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;

/**
 * Sizes and ages as ctr prints them: docker's go-units for {@code content ls} ("3MB", "12 minutes") and
 * containerd's progress.Bytes for {@code images ls} ("2.7 MiB"). Go rounds ties to even on the exact
 * binary value, hence BigDecimal of the double rather than String.format.
 */
public final class HumanUnits {
    private static final List<String> DECIMAL_UNITS = List.of("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB");
    private static final List<String> BINARY_UNITS = List.of("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB");

    private HumanUnits() {
    }

    /** go-units' HumanSize: powers of 1000, four significant digits, no space ("1.235kB"). */
    public static String decimalSize(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= 1000 && unit < DECIMAL_UNITS.size() - 1) {
            size /= 1000;
            unit++;
        }
        String digits = new BigDecimal(size).round(new MathContext(4, RoundingMode.HALF_EVEN))
                .stripTrailingZeros().toPlainString();
        return digits + DECIMAL_UNITS.get(unit);
    }

    /** progress.Bytes: powers of 1024, one decimal, a space ("512.0 B", "1.5 KiB"). */
    public static String binarySize(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= 1024 && unit < BINARY_UNITS.size() - 1) {
            size /= 1024;
            unit++;
        }
        return new BigDecimal(size).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " " + BINARY_UNITS.get(unit);
    }

    /** go-units' HumanDuration: an approximate age such as "About a minute" or "3 days". */
    public static String duration(Duration age) {
        long seconds = age.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = age.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = (long) (age.toNanos() / 3.6e12 + 0.5);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return age.toHours() / 24 / 365 + " years";
    }
}
