package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;

/**
 * Debian's {@code ctr events} streams the events berthd publishes when namespaces and content change, one line
 * each: the time, the namespace, the topic and the payload as JSON.
 */
class CtrEventsTest {
    private static final Path CTR = Path.of("/usr/bin/ctr");
    /** Debug level, for the exchange's line that says a subscriber is on the bus. */
    private static final String CONFIG = "[debug]\n  level = \"debug\"\n";

    @TempDir
    Path dir;

    /** One {@code ctr events} in the background; its lines are queued as they come. */
    private static final class EventsProcess implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Path stderr;

        EventsProcess(Path socket, Path stderr, String... filters) throws IOException {
            List<String> command = new ArrayList<>(List.of(CTR.toString(), "--address", socket.toString(), "events"));
            command.addAll(List.of(filters));
            this.stderr = stderr;
            this.process = new ProcessBuilder(command).redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            Thread.ofVirtual().start(this::read);
        }

        private void read() {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(reading ctr events failed: " + e + ")");
            }
        }

        /** The next line whose topic column is {@code topic}; lines of other topics are skipped. */
        Line next(String topic) throws InterruptedException {
            while (true) {
                Line line = Line.parse(lines.take());
                if (line.topic().equals(topic)) {
                    return line;
                }
            }
        }

        String stderr() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * One line of {@code ctr events}: Go prints the time as {@code 2006-01-02 15:04:05.999999999 +0000 UTC},
     * so the namespace, topic and JSON are the fifth word on.
     */
    private record Line(String namespace, String topic, String json) {
        static Line parse(String text) {
            String[] words = text.split(" ", 7);
            if (words.length < 6 || !words[3].equals("UTC")) {
                throw new AssertionError("not a ctr events line: " + text);
            }
            return new Line(words[4], words[5], words.length == 7 ? words[6] : "");
        }
    }

    /** Waits until the exchange has logged that a subscriber with these filters is on the bus. */
    private static void awaitSubscriber(DaemonProcess daemon, EventsProcess events, String filters)
            throws InterruptedException, IOException {
        String added = "added, filters [" + filters + "]";
        while (!daemon.log().contains(added)) {
            if (!events.process.isAlive()) {
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
             EventsProcess all = new EventsProcess(daemon.socket(), dir.resolve("all.err"));
             EventsProcess deletes = new EventsProcess(daemon.socket(), dir.resolve("deletes.err"),
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
            assertEquals("{\"name\":\"team-a\",\"labels\":{\"owner\":\"ops\",\"tier\":\"gold\"}}", updated.json());
            Line namespaceDeleted = all.next("/namespaces/delete");
            assertEquals("team-a", namespaceDeleted.namespace());
            assertEquals("{\"name\":\"team-a\"}", namespaceDeleted.json());
            // Debian's ctr (1.6) predates containerd's ContentCreate: it skips the ingest's event with a warning.
            assertTrue(all.stderr().contains("type with url containerd.events.ContentCreate: not found"), all.stderr());

            assertEquals(deleted, Line.parse(deletes.lines.take()), "the filtered subscriber gets no namespace events");
        }
    }
}
