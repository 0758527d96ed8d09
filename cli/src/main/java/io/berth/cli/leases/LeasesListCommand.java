package io.berth.cli.leases;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.JsonOutput;
import io.berth.cli.OutputFormat;
import io.berth.proto.containerd.services.leases.v1.LeasesGrpc;
import io.berth.proto.containerd.services.leases.v1.ListRequest;
import io.berth.proto.containerd.services.leases.v1.ListResponse;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth leases list}: ctr's ID CREATED AT LABELS table. */
@Command(name = "list", aliases = "ls", description = "List all active leases")
final class LeasesListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Print only the lease ids")
    private boolean quiet;

    @Parameters(paramLabel = "FILTER", arity = "0..*",
            description = "Filters in containerd's syntax; a lease is listed if any matches, e.g. id==build")
    private List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
        Berth berth = Berth.of(spec);
        ListResponse response;
        try (Daemon daemon = berth.connect()) {
            ListRequest request = ListRequest.newBuilder().addAllFilters(filters).build();
            response = daemon.call("failed to list leases", LeasesGrpc::newBlockingStub, stub -> stub.list(request));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (berth.format() == OutputFormat.JSON) {
            JsonOutput.print(out, response);
        } else if (quiet) {
            response.getLeasesList().forEach(lease -> out.println(lease.getId()));
            out.flush();
        } else {
            LeaseTable.print(out, response.getLeasesList(), ZoneId.systemDefault());
        }
        return 0;
    }
}
