package io.berth.itests;

import static io.berth.itests.support.BerthCli.berth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Distribution;
import io.berth.proto.containerd.services.images.v1.CreateImageRequest;
import io.berth.proto.containerd.services.images.v1.Image;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.berth.proto.containerd.types.Descriptor;

/**
 * The distribution's {@code bin/berth} against a real berthd, checked against what Debian's ctr sees and
 * prints: where both print a table of the same records, the two must be the same text.
 */
class BerthCliTest {
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String CONFIG = "application/vnd.oci.image.config.v1+json";

    @TempDir
    Path dir;

    private static String sha256(byte[] data) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** Ingests {@code text} with ctr and returns its digest. */
    private String ingest(Ctr ctr, String ref, String text) throws Exception {
        Path file = dir.resolve(ref);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        ctr.runWithInput(file, "content", "ingest", ref).expectSuccess();
        return sha256(Files.readAllBytes(file));
    }

    /** The cells of a tab-padded row, without the padding. */
    private static List<String> cells(String row) {
        return List.of(row.split("\t+"));
    }

    @Test
    void namespacesAreCreatedListedLabelledAndRemoved() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            assertEquals("", berth(daemon, "ns", "create", "team", "owner=me", "tier=web").expectSuccess().out());
            ctr.run("namespaces", "create", "other").expectSuccess();
            berth(daemon, "namespaces", "label", "team", "tier=", "zone=eu").expectSuccess();

            String table = berth(daemon, "ns", "ls").expectSuccess().out();
            assertEquals(ctr.run("namespaces", "ls").expectSuccess().out(), table);
            assertTrue(table.lines().anyMatch(l -> l.startsWith("team ") && l.contains("owner=me,zone=eu")), table);
            assertEquals(List.of("other", "team"), berth(daemon, "ns", "ls", "-q").expectSuccess().out().lines().toList());

            assertEquals("other\n", berth(daemon, "ns", "rm", "other").expectSuccess().out());
            assertEquals("team\n", ctr.run("namespaces", "ls", "-q").expectSuccess().out());
            Command.Result busy = berth(daemon, "-n", "team", "ns", "create", "team");
            assertEquals(1, busy.exit());
            assertTrue(busy.err().startsWith("berth: create namespace team: AlreadyExists: "), busy.err());
            assertEquals(0, daemon.terminate());
        }
    }

    @Test
    void contentIngestedByCtrIsListedReadLabelledAndRemoved() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            String text = "blob for the berth command line\n".repeat(40_000);
            String digest = ingest(ctr, "blob", text);
            ctr.run("content", "label", digest, "a=b").expectSuccess();

            // The AGE cells may differ by the second that passes between the two commands; all else is equal.
            List<String> ours = berth(daemon, "content", "ls").expectSuccess().out().lines().toList();
            List<String> ctrs = ctr.run("content", "ls").expectSuccess().out().lines().toList();
            assertEquals(ctrs.getFirst(), ours.getFirst());
            assertEquals(ctrs.size(), ours.size());
            List<String> row = cells(ours.get(1));
            assertEquals(List.of(digest, "1.28MB", "a=b"), List.of(row.get(0), row.get(1), row.get(3)), ours.get(1));
            assertEquals(cells(ctrs.get(1)).get(1), row.get(1));

            assertEquals(text, berth(daemon, "content", "get", digest).expectSuccess().out());
            assertEquals("a=b,c=d\n", berth(daemon, "content", "label", digest, "c=d").expectSuccess().out());
            // ctr prints labels in Go's map order, which varies from run to run.
            String ctrRow = ctr.run("content", "ls").expectSuccess().out().lines().skip(1).findFirst().orElseThrow();
            assertEquals(Set.of("a=b", "c=d"), Set.of(cells(ctrRow).get(3).split(",")), ctrRow);
            assertEquals(List.of(), berth(daemon, "-n", "other", "content", "ls", "-q").expectSuccess().out().lines().toList());

            assertEquals(digest + "\n", berth(daemon, "content", "rm", digest).expectSuccess().out());
            assertEquals("", ctr.run("content", "ls", "-q").expectSuccess().out());
            Command.Result missing = berth(daemon, "content", "get", digest);
            assertEquals(1, missing.exit());
            assertTrue(missing.err().startsWith("berth: read " + digest + ": NotFound: "), missing.err());
            assertEquals(0, daemon.terminate());
        }
    }

    @Test
    void imagesAreListedAsCtrListsThemTaggedLabelledAndRemoved() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            String layer = ingest(ctr, "layer", "layer ".repeat(5000));
            String configJson = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
            String config = ingest(ctr, "config", configJson);
            String manifestJson = ("{\"schemaVersion\":2,\"mediaType\":\"%s\",\"config\":{\"mediaType\":\"%s\","
                    + "\"digest\":\"%s\",\"size\":%d},\"layers\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"%s\",\"size\":30000}]}")
                    .formatted(MANIFEST, CONFIG, config, configJson.length(), layer);
            String manifest = ingest(ctr, "manifest", manifestJson);
            // ctr's own ways to make an image record take a lease first; the record is made over the API.
            ImagesGrpc.newBlockingStub(daemon.channel())
                    .create(CreateImageRequest.newBuilder().setImage(Image.newBuilder().setName("registry.test/app:1")
                            .putLabels("tier", "web")
                            .setTarget(Descriptor.newBuilder().setMediaType(MANIFEST).setDigest(manifest)
                                    .setSize(manifestJson.length())))
                            .build());

            assertEquals("registry.test/app:2\n",
                    berth(daemon, "images", "tag", "registry.test/app:1", "registry.test/app:2").expectSuccess().out());
            assertEquals("team=a,tier=web\n",
                    berth(daemon, "images", "label", "registry.test/app:2", "team=a").expectSuccess().out());

            String table = berth(daemon, "images", "ls").expectSuccess().out();
            assertEquals(ctr.run("images", "ls").expectSuccess().out(), table);
            assertTrue(table.lines().anyMatch(l -> l.startsWith("registry.test/app:2 ") && l.contains(" linux/amd64 ")
                    && l.contains(" team=a,tier=web ")), table);

            assertEquals("registry.test/app:1\n", berth(daemon, "images", "rm", "registry.test/app:1").expectSuccess().out());
            assertEquals("registry.test/app:2\n", ctr.run("images", "ls", "-q").expectSuccess().out());
            assertEquals(0, daemon.terminate());
        }
    }

    @Test
    void leasesAreCreatedListedAsCtrListsThemAndRemoved() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            assertEquals("build-1\n", berth(daemon, "leases", "create", "--id", "build-1", "owner=me").expectSuccess().out());
            ctr.run("leases", "create", "--id", "by-ctr", "--expires", "0").expectSuccess();

            assertEquals(ctr.run("leases", "ls").expectSuccess().out(), berth(daemon, "leases", "ls").expectSuccess().out());
            assertEquals(List.of("build-1", "by-ctr"),
                    berth(daemon, "leases", "ls", "-q").expectSuccess().out().lines().sorted().toList());

            assertEquals("build-1\nby-ctr\n", berth(daemon, "leases", "rm", "build-1", "by-ctr").expectSuccess().out());
            assertEquals("", ctr.run("leases", "ls", "-q").expectSuccess().out());
            assertEquals(0, daemon.terminate());
        }
    }

    @Test
    void eventsShowWhatHappensAsItHappens() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Path out = dir.resolve("events.out");
            Process events = new ProcessBuilder(Distribution.berth().toString(), "-a", daemon.socket().toString(),
                    "events").redirectOutput(out.toFile()).redirectError(dir.resolve("events.err").toFile()).start();
            try {
                // Namespaces are made until one is reported: the subscription starts at some moment after launch.
                String seen = "";
                for (int i = 0; i < 100 && !seen.contains("/namespaces/create"); i++) {
                    assertTrue(events.isAlive(), () -> "berth events ended: " + read(dir.resolve("events.err")));
                    berth(daemon, "ns", "create", "seen-" + i).expectSuccess();
                    seen = read(out);
                }
                String line = seen.lines().filter(l -> l.contains("/namespaces/create")).findFirst().orElseThrow(
                        () -> new AssertionError("no /namespaces/create event; berth events printed:\n" + read(out)));
                assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\+0000 UTC "
                        + "\\S+ /namespaces/create \\{\"name\":\"seen-\\d+\"}"), line);
            } finally {
                events.destroy();
                events.waitFor(30, TimeUnit.SECONDS);
            }
            assertEquals(0, daemon.terminate());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
