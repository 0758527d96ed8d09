package io.berth.cli.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Timestamp;
import io.berth.proto.containerd.services.content.v1.Info;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentTableTest {
    @Test
    void rowsAreCtrsWithTabPaddingHumanSizesAndAges() {
        Instant now = Instant.parse("2026-01-10T12:00:00Z");
        String first = "sha256:" + "2f".repeat(32);
        String second = "sha256:" + "58".repeat(32);
        StringWriter text = new StringWriter();
        ContentTable.print(new PrintWriter(text), List.of(
                Info.newBuilder().setDigest(first).setSize(3_000_000).putLabels("foo", "bar")
                        .setCreatedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond() - 90)).build(),
                Info.newBuilder().setDigest(second).setSize(6)
                        .setCreatedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond() - 3 * 86400)).build()),
                now);
        // The AGE column is 15 wide ("About a minute" and padding 1): two tabs take "AGE" to column 16.
        assertEquals("DIGEST\t\t\t\t\t\t\t\t\tSIZE\tAGE\t\tLABELS\n"
                + first + "\t3MB\tAbout a minute\tfoo=bar\n"
                + second + "\t6B\t3 days\t\t-\n", text.toString());
    }
}
