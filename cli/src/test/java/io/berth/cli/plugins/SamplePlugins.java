package io.berth.cli.plugins;

import com.google.rpc.Status;
import io.berth.proto.containerd.services.introspection.v1.Plugin;
import io.berth.proto.containerd.types.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Plugins covering every part of ctr's listing, and that listing as ctr's own code prints them: the
 * files beside this class were written by Go's text/tabwriter from the same plugins, with ctr's
 * settings and print calls.
 */
public final class SamplePlugins {
    private SamplePlugins() {
    }

    public static List<Plugin> all() {
        return List.of(
                Plugin.newBuilder().setType("io.containerd.content.v1").setId("content").build(),
                Plugin.newBuilder().setType("io.containerd.snapshotter.v1").setId("overlayfs")
                        .addRequires("io.containerd.metadata.v1")
                        .addPlatforms(platform("linux", "arm64", "v8"))
                        .addPlatforms(platform("linux", "amd64", ""))
                        .addPlatforms(platform("linux", "amd64", ""))
                        .putExports("root", "/var/lib/berth/overlayfs")
                        .addCapabilities("remap-ids").addCapabilities("only-remap-ids")
                        .build(),
                Plugin.newBuilder().setType("io.containerd.snapshotter.v1").setId("btrfs")
                        .addPlatforms(platform("linux", "amd64", ""))
                        .setInitErr(Status.newBuilder().setCode(9).setMessage(
                                "path /var/lib/berth/btrfs must be a btrfs filesystem to be used with the btrfs snapshotter: skip plugin"))
                        .build(),
                Plugin.newBuilder().setType("io.containerd.grpc.v1").setId("cri")
                        .addRequires("io.containerd.event.v1").addRequires("io.containerd.sandbox.store.v1")
                        .addPlatforms(platform("", "", ""))
                        .setInitErr(Status.newBuilder().setCode(2).setMessage("failed to load cni configuration"))
                        .build());
    }

    /** {@code ctr plugins ls} of {@link #all()}. */
    public static String ctrTable() {
        return resource("ctr-plugins-table.txt");
    }

    /** {@code ctr plugins ls --detailed} of {@link #all()}. */
    public static String ctrDetails() {
        return resource("ctr-plugins-detailed.txt");
    }

    static Platform platform(String os, String architecture, String variant) {
        return Platform.newBuilder().setOs(os).setArchitecture(architecture).setVariant(variant).build();
    }

    private static String resource(String name) {
        try (InputStream in = SamplePlugins.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
