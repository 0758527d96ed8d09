package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.proto.containerd.services.images.v1.CreateImageRequest;
import io.berth.proto.containerd.services.images.v1.Image;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.berth.proto.containerd.types.Descriptor;

/**
 * Debian's ctr lists and removes image records in berthd's metadata. The records are made over
 * gRPC: ctr's own ways to make one (pull, import, tag) take a lease first, and leases come later.
 */
class CtrImagesTest {
    @TempDir
    Path dir;

    private static List<String> names(Ctr ctr, String... namespace) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(namespace));
        args.addAll(List.of("images", "ls", "-q"));
        return ctr.run(args.toArray(String[]::new)).expectSuccess().out().lines().filter(l -> !l.isBlank()).toList();
    }

    private static void create(DaemonProcess daemon, String name) {
        ImagesGrpc.newBlockingStub(daemon.channel()).create(CreateImageRequest.newBuilder()
                .setImage(Image.newBuilder().setName(name)
                        .setTarget(Descriptor.newBuilder()
                                .setMediaType("application/vnd.oci.image.manifest.v1+json")
                                .setDigest("sha256:" + "ab".repeat(32)).setSize(512)))
                .build());
    }

    @Test
    void imagesAreListedAndRemovedPerNamespace() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            create(daemon, "registry.test/app:1");
            create(daemon, "registry.test/app:2");
            Ctr ctr = new Ctr(daemon.socket());
            assertEquals(List.of("registry.test/app:1", "registry.test/app:2"), names(ctr));
            String listing = ctr.run("images", "ls").expectSuccess().out();
            assertTrue(listing.lines().anyMatch(l -> l.startsWith("registry.test/app:2")
                    && l.contains("application/vnd.oci.image.manifest.v1+json")
                    && l.contains("sha256:" + "ab".repeat(32))), listing);

            ctr.run("images", "rm", "registry.test/app:1").expectSuccess();
            assertEquals(List.of("registry.test/app:2"), names(ctr));
            assertEquals(List.of(), names(ctr, "-n", "other"));
            assertEquals(0, daemon.terminate());
        }
    }

    /** ctr's label command sends an empty target beside the label, as containerd's Go client does. */
    @Test
    void imagesAreLabelledAndUnlabelled() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            create(daemon, "registry.test/app:1");
            Ctr ctr = new Ctr(daemon.socket());
            assertEquals("team=a", ctr.run("images", "label", "registry.test/app:1", "team=a").expectSuccess().out()
                    .strip());
            String listing = ctr.run("images", "ls").expectSuccess().out();
            assertTrue(listing.lines().anyMatch(l -> l.startsWith("registry.test/app:1")
                    && l.contains("sha256:" + "ab".repeat(32)) && l.contains("team=a")), listing);

            ctr.run("images", "label", "registry.test/app:1", "team=").expectSuccess();
            listing = ctr.run("images", "ls").expectSuccess().out();
            assertTrue(listing.lines().anyMatch(l -> l.startsWith("registry.test/app:1") && !l.contains("team=")),
                    listing);
            assertEquals(0, daemon.terminate());
        }
    }
}
