package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestImages.Blob;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;

/**
 * Debian's ctr fetches an image from a real registry into berthd: every blob lands with its size,
 * its digest and the labels ctr sets, the image record appears, and it can be tagged and removed.
 */
class CtrFetchTest {
    private static final String GC_REF = "containerd.io/gc.ref.content.";
    // ctr names the source by the registry's host name without its port.
    private static final String SOURCE = "containerd.io/distribution.source.127.0.0.1";
    private static final String REPOSITORY = "berth/fetch";

    @TempDir
    Path dir;

    @Test
    void fetchStoresEveryBlobWithItsLabelsAndTheImage() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, REPOSITORY, "1");
            Ctr ctr = new Ctr(daemon.socket());

            ctr.run("content", "fetch", "--plain-http", image.reference()).expectSuccess();

            String listing = ctr.run("content", "ls").expectSuccess().out();
            for (Blob blob : image.blobs()) {
                List<String> row = row(listing, blob.digest());
                assertEquals(humanSize(blob.size()), row.get(1), listing);
                assertEquals(expectedLabels(image, blob), labels(row), blob.digest());
                assertEquals(blob.digest(), "sha256:" + sha256Read(daemon.socket(), blob.digest()));
            }

            String images = ctr.run("images", "ls").expectSuccess().out();
            assertTrue(images.lines().anyMatch(l -> l.startsWith(image.reference() + " ")
                    && l.contains(image.manifest().mediaType()) && l.contains(image.manifestDigest())), images);

            String copy = registry.reference(REPOSITORY, "copy");
            ctr.run("images", "tag", image.reference(), copy).expectSuccess();
            assertEquals(List.of(image.reference(), copy), names(ctr));

            ctr.run("images", "rm", image.reference(), copy).expectSuccess();
            assertEquals(List.of(), names(ctr));
            assertEquals(0, daemon.terminate());
        }
    }

    /** The source of every blob; on the manifest also the gc references to its config and layers. */
    private static Map<String, String> expectedLabels(PushedImage image, Blob blob) {
        Map<String, String> labels = new HashMap<>(Map.of(SOURCE, REPOSITORY));
        if (blob.equals(image.manifest())) {
            labels.put(GC_REF + "config", image.config().digest());
            for (int i = 0; i < image.layers().size(); i++) {
                labels.put(GC_REF + "l." + i, image.layers().get(i).digest());
            }
        }
        return labels;
    }

    /** The columns of the {@code ctr content ls} row of the digest: digest, size, age, labels. */
    private static List<String> row(String table, String digest) {
        return table.lines().filter(l -> l.startsWith(digest)).findFirst()
                .map(l -> List.of(l.trim().split("\\t+")))
                .orElseThrow(() -> new AssertionError(digest + " not listed in\n" + table));
    }

    private static Map<String, String> labels(List<String> row) {
        if (row.size() < 4) {
            return Map.of();
        }
        return Arrays.stream(row.get(3).split(",")).map(label -> label.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    /** What ctr prints for a size: four significant digits in decimal units, as Docker's go-units does. */
    private static String humanSize(long bytes) {
        String[] units = {"B", "kB", "MB", "GB"};
        double size = bytes;
        int unit = 0;
        while (size >= 1000 && unit < units.length - 1) {
            size /= 1000;
            unit++;
        }
        return new BigDecimal(size).round(new MathContext(4)).stripTrailingZeros().toPlainString() + units[unit];
    }

    /** The sha256 of what {@code ctr content get} writes, by sha256sum, so the bytes pass no Java decoder. */
    private static String sha256Read(Path socket, String digest) throws Exception {
        String out = Command.run("bash", "-c", "set -o pipefail; /usr/bin/ctr --address \"$0\" content get \"$1\""
                + " | sha256sum", socket, digest).expectSuccess().out();
        return out.substring(0, out.indexOf(' '));
    }

    private static List<String> names(Ctr ctr) throws Exception {
        return ctr.run("images", "ls", "-q").expectSuccess().out().lines().filter(l -> !l.isBlank()).sorted().toList();
    }
}
