package io.berth.diff;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.berth.api.diff.Applied;
import io.berth.api.diff.ApplyOptions;
import io.berth.api.diff.DiffOptions;
import io.berth.api.diff.LayerApplier;
import io.berth.api.diff.LayerDiff;
import io.berth.api.diff.LayerDiffer;
import io.berth.api.errors.BerthException;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;

/** containerd's walking differ: layers unpacked into a directory, and computed from two directories. */
@Component(service = { LayerApplier.class, LayerDiffer.class }, configurationPid = WalkingDiffer.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { Plugin.TYPE + "=" + PluginType.DIFF, Plugin.ID + "=" + WalkingDiffer.ID })
@Designate(ocd = WalkingDifferConfig.class)
public final class WalkingDiffer implements LayerApplier, LayerDiffer {
    static final String ID = "walking";
    static final String PID = PluginType.DIFF + "." + ID;
    /** 64 GiB: far above real layers, far below what a bomb would fill a disk with. */
    static final long DEFAULT_MAX_UNCOMPRESSED_SIZE = 64L << 30;

    private final long maxUncompressedSize;

    @Activate
    public WalkingDiffer(WalkingDifferConfig config) {
        this(config.max_uncompressed_size());
    }

    /** A differ refusing layers whose tar stream is longer than {@code maxUncompressedSize} bytes. */
    public WalkingDiffer(long maxUncompressedSize) {
        if (maxUncompressedSize <= 0) {
            throw BerthException.invalidArgument("max_uncompressed_size must be positive, got %d",
                    maxUncompressedSize);
        }
        this.maxUncompressedSize = maxUncompressedSize;
    }

    @Override
    public Applied apply(InputStream layer, String mediaType, Path root, ApplyOptions options) {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(options, "options");
        if (root == null || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw BerthException.invalidArgument("apply target %s is not a directory", root);
        }
        return new Unpacker(root.toAbsolutePath().normalize(), options, maxUncompressedSize).apply(layer, mediaType);
    }

    @Override
    public LayerDiff diff(Path lower, Path upper, DiffOptions options, OutputStream out) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(out, "out");
        return DiffWriter.write(lower, upper, options, out);
    }
}
