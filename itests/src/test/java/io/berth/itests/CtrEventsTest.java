package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Ctr;
import io.berth.itests.support.CtrEvents;
import io.berth.itests.support.CtrEvents.Line;
import io.berth.itests.support.DaemonProcess;

/**
 * Debian's {@code ctr events} streams the events berthd publishes when namespaces and content change, one line
 * each: the time, the namespace, the topic and the payload as JSON.
 */
class CtrEventsTest {
    /** Debug level, for the exchange's line that says a subscriber is on the bus. */
    private static final String CONFIG = "[debug]\n  level = \"debug\"\n";

    @TempDir
    Path dir;

    /** Waits until the exchange has logged that a subscriber with these filters is on the bus. */
    private static void awaitSubscriber(DaemonProcess daemon, CtrEvents events, String filters)
            throws InterruptedException, IOException {
        String added = "added, filters [" + filters + "]";
        while (!daemon.log().contains(added)) {
            if (!events.isAlive()) {
                throw new AssertionError("ctr events exited: " + events.stderr());
            }
            Thread.sleep(20);
        }
    }

    private static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void ctrEventsShowsNamespaceAndContentChanges() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), CONFIG);
             CtrEvents all = new Ctr(daemon.socket()).events(dir.resolve("all.err"));
             CtrEvents deletes = new Ctr(daemon.socket()).events(dir.resolve("deletes.err"),
                     "topic==\"/content/delete\"")) {
            awaitSubscriber(daemon, all, "");
            awaitSubscriber(daemon, deletes, "topic==\"/content/delete\"");
            Ctr ctr = new Ctr(daemon.socket());

            // The blob first: nothing that ctr ingests holds it, so a collection after any deletion would take it.
            byte[] blob = "events end to end\n".getBytes(StandardCharsets.UTF_8);
            Path file = dir.resolve("blob");
            Files.write(file, blob);
            ctr.runWithInput(file, "-n", "team-b", "content", "ingest", "events-blob").expectSuccess();
            String digest = sha256(blob);
            ctr.run("-n", "team-b", "content", "rm", digest).expectSuccess();
            ctr.run("namespaces", "create", "team-a", "owner=ops").expectSuccess();
            ctr.run("namespaces", "label", "team-a", "tier=gold").expectSuccess();
            ctr.run("namespaces", "rm", "team-a").expectSuccess();

            Line deleted = all.next("/content/delete");
            assertEquals("team-b", deleted.namespace());
            assertEquals("{\"digest\":\"" + digest + "\"}", deleted.json());
            Line created = all.next("/namespaces/create");
            assertEquals("team-a", created.namespace(), "published in the namespace made, as containerd 2 does");
            assertEquals("{\"name\":\"team-a\",\"labels\":{\"owner\":\"ops\"}}", created.json());
            Line updated = all.next("/namespaces/update");
            assertEquals("team-a", updated.namespace());
            // The labels the request gave, as containerd 2 publishes them: not the namespace's others.
            assertEquals("{\"name\":\"team-a\",\"labels\":{\"tier\":\"gold\"}}", updated.json());
            Line namespaceDeleted = all.next("/namespaces/delete");
            assertEquals("team-a", namespaceDeleted.namespace());
            assertEquals("{\"name\":\"team-a\"}", namespaceDeleted.json());
            // Debian's ctr (1.6) predates containerd's ContentCreate: it skips the ingest's event with a warning.
            assertTrue(all.stderr().contains("type with url containerd.events.ContentCreate: not found"), all.stderr());

            assertEquals(deleted, deletes.next(), "the filtered subscriber gets no namespace events");
        }
    }
}
