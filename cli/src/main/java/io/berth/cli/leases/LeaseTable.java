package io.berth.cli.leases;

import io.berth.cli.LabelArgs;
import io.berth.cli.TabWriter;
import io.berth.proto.containerd.services.leases.v1.Lease;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The table of {@code ctr leases ls}: spaces, minimum width 1, padding 1, times in RFC 3339 in local time. */
final class LeaseTable {
    /** Go's time.RFC3339: whole seconds, "Z" for UTC. */
    static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private LeaseTable() {
    }

    static void print(PrintWriter out, List<Lease> leases, ZoneId zone) {
        TabWriter table = new TabWriter(out, 1, 1);
        table.println("ID\tCREATED AT\tLABELS\t");
        for (Lease lease : leases) {
            Instant created = Instant.ofEpochSecond(lease.getCreatedAt().getSeconds(), lease.getCreatedAt().getNanos());
            table.println(lease.getId() + "\t" + RFC3339.format(created.atZone(zone)) + "\t"
                    + LabelArgs.formatOrDash(lease.getLabelsMap()) + "\t");
        }
        table.flush();
    }
}
