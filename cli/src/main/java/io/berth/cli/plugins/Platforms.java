package io.berth.cli.plugins;

import io.berth.proto.containerd.types.Platform;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Platforms as ctr shows them: "os/arch[/variant]" each, unique, sorted, joined by commas. */
public final class Platforms {
    private Platforms() {
    }

    public static String format(List<Platform> platforms) {
        return String.join(",", platforms.stream().map(Platforms::format).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** containerd's platforms.Format: empty parts are left out, and a platform without an OS is "unknown". */
    static String format(Platform platform) {
        if (platform.getOs().isEmpty()) {
            return "unknown";
        }
        return Stream.of(platform.getOs(), platform.getArchitecture(), platform.getVariant())
                .filter(part -> !part.isEmpty())
                .collect(Collectors.joining("/"));
    }
}
