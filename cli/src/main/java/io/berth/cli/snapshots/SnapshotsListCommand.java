package io.berth.cli.snapshots;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.JsonOutput;
import io.berth.cli.OutputFormat;
import io.berth.cli.TabWriter;
import io.berth.proto.containerd.services.snapshots.v1.Info;
import io.berth.proto.containerd.services.snapshots.v1.ListSnapshotsRequest;
import io.berth.proto.containerd.services.snapshots.v1.ListSnapshotsResponse;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code berth snapshots list}: ctr's KEY PARENT KIND table. */
@Command(name = "list", aliases = "ls", description = "List snapshots")
final class SnapshotsListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private SnapshotsCommand snapshots;

    @Parameters(paramLabel = "FILTER", arity = "0..*",
            description = "Filters in containerd's syntax; a snapshot is listed if any matches, e.g. kind==committed")
    private List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
        Berth berth = Berth.of(spec);
        ListSnapshotsRequest request = ListSnapshotsRequest.newBuilder().setSnapshotter(snapshots.snapshotter)
                .addAllFilters(filters).build();
        List<Info> infos = new ArrayList<>();
        try (Daemon daemon = berth.connect()) {
            Iterator<ListSnapshotsResponse> blocks = daemon.call("failed to list snapshots",
                    SnapshotsGrpc::newBlockingStub, stub -> stub.list(request));
            blocks.forEachRemaining(block -> infos.addAll(block.getInfoList()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (berth.format() == OutputFormat.JSON) {
            JsonOutput.print(out, ListSnapshotsResponse.newBuilder().addAllInfo(infos).build());
            return 0;
        }
        TabWriter table = new TabWriter(out, 1, 1);
        table.println("KEY\tPARENT\tKIND\t");
        for (Info info : infos) {
            table.println(info.getName() + "\t" + info.getParent() + "\t" + kind(info) + "\t");
        }
        table.flush();
        return 0;
    }

    /** As Go's Kind.String() prints it: Active, Committed, View. */
    private static String kind(Info info) {
        String name = info.getKind().name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }
}
