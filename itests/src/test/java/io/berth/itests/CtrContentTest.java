package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;

/** Debian's ctr ingests, lists, reads, labels and removes a blob through berthd's content service. */
class CtrContentTest {
    @TempDir
    Path dir;

    /** The columns of the {@code ctr content ls} row of the digest. */
    private static List<String> row(String table, String digest) {
        return table.lines().filter(l -> l.startsWith(digest)).findFirst()
                .map(l -> List.of(l.trim().split("\\t+")))
                .orElseThrow(() -> new AssertionError(digest + " not listed in\n" + table));
    }

    @Test
    void blobIsIngestedListedReadLabelledAndRemoved() throws Exception {
        Ctr.assumeInstalled();
        // Over 1 MiB, so that Write and Read each take several messages; letters, so ctr's output reads as text.
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3_000_000; i++) {
            text.append((char) ('a' + (i * 7 + i / 1013) % 26));
        }
        Path file = dir.resolve("blob");
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        String digest = "sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            ctr.runWithInput(file, "content", "ingest", "itest-blob").expectSuccess();

            String listing = ctr.run("content", "ls").expectSuccess().out();
            assertEquals("3MB", row(listing, digest).get(1), listing);
            assertEquals(text.toString(), ctr.run("content", "get", digest).expectSuccess().out());

            ctr.run("content", "label", digest, "a=b").expectSuccess();
            assertTrue(row(ctr.run("content", "ls").expectSuccess().out(), digest).contains("a=b"));
            assertTrue(ctr.run("-n", "other", "content", "ls").expectSuccess().out().lines()
                    .noneMatch(l -> l.startsWith(digest)), "another namespace does not see the blob");

            ctr.run("content", "rm", digest).expectSuccess();
            assertTrue(ctr.run("content", "ls").expectSuccess().out().lines().noneMatch(l -> l.startsWith(digest)));
            assertEquals(0, daemon.terminate());
        }
    }
}
