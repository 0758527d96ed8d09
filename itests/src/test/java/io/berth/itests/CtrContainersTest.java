package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Distribution;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;

/**
 * Debian's ctr makes a container record from a pulled image in berthd (with the spec it generates and the
 * rootfs snapshot it prepares), lists, shows, labels and removes it; berth's own CLI shows the same record.
 */
class CtrContainersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void ctrCreatesListsLabelsAndRemovesAContainerWithItsSnapshot() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, "berth/containers", "1");
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("images", "pull", "--plain-http", image.reference()).expectSuccess();

            ctr.run("containers", "create", image.reference(), "c1").expectSuccess();

            List<List<String>> rows = rows(ctr.run("containers", "ls").expectSuccess().out());
            assertEquals(List.of(List.of("CONTAINER", "IMAGE", "RUNTIME"),
                    List.of("c1", image.reference(), "io.containerd.runc.v2")), rows);

            JsonNode info = JSON.readTree(ctr.run("containers", "info", "c1").expectSuccess().out());
            assertEquals("c1", info.path("ID").asText());
            assertEquals(image.reference(), info.path("Image").asText());
            assertEquals("io.containerd.runc.v2", info.path("Runtime").path("Name").asText());
            assertEquals("overlayfs", info.path("Snapshotter").asText());
            assertEquals("c1", info.path("SnapshotKey").asText());
            JsonNode spec = info.path("Spec");
            assertFalse(spec.path("ociVersion").asText().isEmpty(), info.toString());
            assertEquals("rootfs", spec.path("root").path("path").asText(), info.toString());
            // The image config's entrypoint and command, as ctr put them in the spec it generated.
            assertTrue(spec.path("process").path("args").size() > 0, info.toString());
            assertTrue(activeSnapshots(ctr).contains("c1"), "ctr prepared the container's rootfs");

            ctr.run("containers", "label", "c1", "a=b").expectSuccess();
            JsonNode labelled = JSON.readTree(ctr.run("containers", "info", "c1").expectSuccess().out());
            assertEquals("b", labelled.path("Labels").path("a").asText(), labelled.toString());
            assertEquals(spec, labelled.path("Spec"), "a label leaves the spec as it was");

            String berthListing = Command.run(Distribution.berth(), "--address", daemon.socket(), "containers", "ls")
                    .expectSuccess().out();
            assertEquals(rows, rows(berthListing));
            String berthInfo = Command.run(Distribution.berth(), "--address", daemon.socket(), "containers", "info",
                    "c1").expectSuccess().out();
            assertEquals(labelled, JSON.readTree(berthInfo));

            Command.Result duplicate = ctr.run("containers", "create", image.reference(), "c1");
            assertNotEquals(0, duplicate.exit());
            assertTrue(duplicate.err().contains("already exists"), duplicate.err());

            Command.Result unknown = ctr.run("containers", "info", "nothere");
            assertNotEquals(0, unknown.exit());
            assertTrue(unknown.err().contains("not found"), unknown.err());
            Command.Result unknownRemoved = ctr.run("containers", "rm", "nothere");
            assertNotEquals(0, unknownRemoved.exit());
            assertTrue(unknownRemoved.err().contains("not found"), unknownRemoved.err());

            ctr.run("containers", "rm", "c1").expectSuccess();
            assertEquals(List.of(List.of("CONTAINER", "IMAGE", "RUNTIME")),
                    rows(ctr.run("containers", "ls").expectSuccess().out()));
            assertFalse(activeSnapshots(ctr).contains("c1"), "ctr removed the container's snapshot");
            assertFalse(daemon.log().contains(" ERROR "), daemon.log());
            assertEquals(0, daemon.terminate());
        }
    }

    /** The names of the active snapshots ctr lists on the default snapshotter. */
    private static List<String> activeSnapshots(Ctr ctr) throws Exception {
        return rows(ctr.run("snapshots", "ls").expectSuccess().out()).stream().skip(1)
                .filter(row -> row.getLast().equals("Active")).map(List::getFirst).toList();
    }

    /** A table's lines, each split at its column gaps. */
    private static List<List<String>> rows(String table) {
        return table.lines().filter(line -> !line.isBlank()).map(line -> List.of(line.trim().split("\\s+"))).toList();
    }
}
