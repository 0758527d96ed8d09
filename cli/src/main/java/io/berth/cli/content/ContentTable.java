package io.berth.cli.content;

import io.berth.cli.HumanUnits;
import io.berth.cli.LabelArgs;
import io.berth.cli.TabWriter;
import io.berth.proto.containerd.services.content.v1.Info;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The table of {@code ctr content ls}: padded with tabs (minimum width 1, tab width 8, padding 1),
 * the labels after the last tab, sizes in powers of 1000 and ages relative to {@code now}.
 */
final class ContentTable {
    private ContentTable() {
    }

    static void print(PrintWriter out, List<Info> blobs, Instant now) {
        TabWriter table = TabWriter.padWithTabs(out, 1, 8, 1);
        table.println("DIGEST\tSIZE\tAGE\tLABELS");
        for (Info blob : blobs) {
            Instant created = Instant.ofEpochSecond(blob.getCreatedAt().getSeconds(), blob.getCreatedAt().getNanos());
            table.println(blob.getDigest() + "\t" + HumanUnits.decimalSize(blob.getSize()) + "\t"
                    + HumanUnits.duration(Duration.between(created, now)) + "\t"
                    + LabelArgs.formatOrDash(blob.getLabelsMap()));
        }
        table.flush();
    }
}
