package io.berth.api.remotes;

import java.util.Locale;
import java.util.Objects;

import io.berth.api.errors.BerthException;

/**
 * An OCI platform, normalised as containerd's {@code platforms} package does: {@code x86_64} is
 * {@code amd64}, {@code aarch64} is {@code arm64} whose variant {@code v8} is the default and so left empty,
 * {@code arm} without a variant is {@code arm/v7}.
 *
 * @param os such as {@code linux}
 * @param architecture such as {@code amd64}, {@code arm64}
 * @param variant such as {@code v7}; empty when there is none
 */
public record Platform(String os, String architecture, String variant) {
    private static final int NO_MATCH = -1;

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        os = os.toLowerCase(Locale.ROOT);
        variant = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        String arch = architecture.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "i386" -> architecture = "386";
            case "x86_64", "x86-64", "amd64" -> {
                architecture = "amd64";
                if (variant.equals("v1")) {
                    variant = "";
                }
            }
            case "aarch64", "arm64" -> {
                architecture = "arm64";
                if (variant.equals("8") || variant.equals("v8") || variant.equals("v8.0")) {
                    variant = "";
                }
            }
            case "armhf" -> {
                architecture = "arm";
                variant = "v7";
            }
            case "armel" -> {
                architecture = "arm";
                variant = "v6";
            }
            case "arm" -> {
                architecture = "arm";
                variant = switch (variant) {
                    case "", "7" -> "v7";
                    case "5", "6", "8" -> "v" + variant;
                    default -> variant;
                };
            }
            default -> architecture = arch;
        }
    }

    /** This machine's platform, as the JVM reports it. */
    public static Platform host() {
        return new Platform(System.getProperty("os.name"), System.getProperty("os.arch"), "");
    }

    /**
     * Parses {@code os/arch[/variant]} as ctr's {@code --platform} does.
     *
     * @throws BerthException INVALID_ARGUMENT when it is not of that form
     */
    public static Platform parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw BerthException.invalidArgument("invalid platform \"%s\": expected os/arch[/variant]", text);
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /**
     * How well {@code candidate} (an index entry's platform) serves this platform: 0 for an exact match,
     * higher for a compatible one (an older ARM variant runs on a newer CPU), -1 for none. An index is
     * searched for the lowest rank, first in index order among equals.
     */
    public int rank(Platform candidate) {
        if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
            return NO_MATCH;
        }
        if (variant.equals(candidate.variant)) {
            return 0;
        }
        if (architecture.equals("arm") && isArmVariant(variant) && isArmVariant(candidate.variant)) {
            int distance = armLevel(variant) - armLevel(candidate.variant);
            return distance > 0 ? distance : NO_MATCH;
        }
        if (architecture.equals("arm64") && candidate.variant.isEmpty()) {
            return 1;
        }
        return NO_MATCH;
    }

    private static boolean isArmVariant(String variant) {
        return variant.matches("v[5-8]");
    }

    private static int armLevel(String variant) {
        return variant.charAt(1) - '0';
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
