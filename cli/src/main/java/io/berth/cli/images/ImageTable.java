package io.berth.cli.images;

import io.berth.cli.HumanUnits;
import io.berth.cli.LabelArgs;
import io.berth.cli.TabWriter;
import io.berth.cli.plugins.Platforms;
import io.berth.proto.containerd.services.images.v1.Image;
import io.berth.proto.containerd.types.Descriptor;
import io.berth.proto.containerd.types.Platform;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The table of {@code ctr images ls}: minimum width 1, padding 1, spaces, every line ending in a tab; columns of
 * berth's own come after ctr's.
 */
final class ImageTable {
    private ImageTable() {
    }

    static void print(PrintWriter out, List<Image> images, ImageContent content, Platform platform) {
        print(out, images, content, platform, null);
    }

    /** @param unpacked the UNPACKED column's cell of an image's root, or null for no such column */
    static void print(PrintWriter out, List<Image> images, ImageContent content, Platform platform,
            Function<ImageContent.Blob, String> unpacked) {
        TabWriter table = new TabWriter(out, 1, 1);
        table.println("REF\tTYPE\tDIGEST\tSIZE\tPLATFORMS\tLABELS\t" + (unpacked == null ? "" : "UNPACKED\t"));
        for (Image image : images) {
            Descriptor target = image.getTarget();
            ImageContent.Blob root = new ImageContent.Blob(target.getMediaType(), target.getDigest(), target.getSize(),
                    Optional.empty());
            String size = content.size(root, platform).map(HumanUnits::binarySize).orElse("-");
            String platforms = content.platforms(root).filter(found -> !found.isEmpty())
                    .map(Platforms::format).orElse("-");
            table.println(image.getName() + "\t" + target.getMediaType() + "\t" + target.getDigest() + "\t" + size
                    + "\t" + platforms + "\t" + LabelArgs.formatOrDash(image.getLabelsMap()) + "\t"
                    + (unpacked == null ? "" : unpacked.apply(root) + "\t"));
        }
        table.flush();
    }
}
