package io.berth.snapshots.devmapper;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checked configuration of the snapshotter: the names and sizes containerd's devmapper section takes.
 *
 * @param sizeBytes the size of every thin device, a whole number of 512-byte sectors
 */
record PoolSettings(String poolName, long sizeBytes, boolean discardBlocks, FsType fsType, String fsOptions) {
    static final int SECTOR = 512;
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(?:i?b)?");
    private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]*");

    PoolSettings {
        if (!POOL_NAME.matcher(poolName).matches()) {
            throw new IllegalArgumentException("pool_name " + (poolName.isEmpty() ? "is required"
                    : "'" + poolName + "' is not a device-mapper name (letters, digits, '_', '.', '+', '-')"));
        }
        if (sizeBytes < SECTOR || sizeBytes % SECTOR != 0) {
            throw new IllegalArgumentException("base_image_size must be a positive multiple of 512 bytes, not "
                    + sizeBytes);
        }
    }

    static PoolSettings of(DevmapperConfig config) {
        return new PoolSettings(config.pool_name(), sizeOf(config.base_image_size()), config.discard_blocks(),
                FsType.named(config.fs_type()), config.fs_options());
    }

    long sectors() {
        return sizeBytes / SECTOR;
    }

    /** A size the way containerd reads it: a number and an optional unit k, m, g, t or p (of 1024), b or ib after. */
    static long sizeOf(String text) {
        Matcher size = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!size.matches()) {
            throw new IllegalArgumentException("base_image_size " + (text.isBlank() ? "is required"
                    : "'" + text + "' is not a size such as 10GB or 512MiB"));
        }
        int power = size.group(2).isEmpty() ? 0 : "kmgtp".indexOf(size.group(2)) + 1;
        try {
            return new BigDecimal(size.group(1)).multiply(BigDecimal.valueOf(1024).pow(power)).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("base_image_size '" + text + "' is not a whole number of bytes", e);
        }
    }
}
