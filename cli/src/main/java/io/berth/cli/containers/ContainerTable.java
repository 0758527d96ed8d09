package io.berth.cli.containers;

import io.berth.cli.TabWriter;
import io.berth.proto.containerd.services.containers.v1.Container;
import java.io.PrintWriter;
import java.util.List;

/** The table of {@code ctr containers ls}: minimum width 4, padding 4, spaces, every line ending in a tab. */
final class ContainerTable {
    private ContainerTable() {
    }

    static void print(PrintWriter out, List<Container> containers) {
        TabWriter table = new TabWriter(out, 4, 4);
        table.println("CONTAINER\tIMAGE\tRUNTIME\t");
        for (Container container : containers) {
            String image = container.getImage().isEmpty() ? "-" : container.getImage();
            table.println(container.getId() + "\t" + image + "\t" + container.getRuntime().getName() + "\t");
        }
        table.flush();
    }
}
