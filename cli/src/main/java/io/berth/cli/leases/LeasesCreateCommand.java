package io.berth.cli.leases;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.GoDuration;
import io.berth.cli.LabelArgs;
import io.berth.proto.containerd.services.leases.v1.CreateRequest;
import io.berth.proto.containerd.services.leases.v1.LeasesGrpc;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth leases create [--id ID] [--expires DURATION] [KEY=VALUE..]}: prints the new lease's id. */
@Command(name = "create", description = "Create a lease")
final class LeasesCreateCommand implements Callable<Integer> {
    /** The label by which containerd's garbage collector expires a lease. */
    static final String EXPIRE_LABEL = "containerd.io/gc.expire";

    @Spec
    private CommandSpec spec;

    @Option(names = "--id", paramLabel = "ID", description = "Id of the lease (default: generated)")
    private String id;

    @Option(names = {"-x", "--expires"}, paramLabel = "DURATION", defaultValue = "24h", converter = GoDuration.class,
            description = "Expiration of the lease, e.g. 1h; 0 for none (default: ${DEFAULT-VALUE})")
    private Duration expires;

    @Parameters(paramLabel = "KEY=VALUE", arity = "0..*", description = "Labels of the lease")
    private List<String> labels = new ArrayList<>();

    @Override
    public Integer call() {
        Map<String, String> leaseLabels = LabelArgs.parse(labels);
        if (expires.isPositive()) {
            Instant expiry = Instant.now().plus(expires).truncatedTo(ChronoUnit.SECONDS);
            leaseLabels.put(EXPIRE_LABEL, LeaseTable.RFC3339.format(expiry.atZone(ZoneId.systemDefault())));
        }
        // Without an id the daemon makes one up, as containerd's leases service does.
        CreateRequest request = CreateRequest.newBuilder().setId(id == null ? "" : id).putAllLabels(leaseLabels)
                .build();
        String created;
        try (Daemon daemon = Berth.of(spec).connect()) {
            created = daemon.call("create lease", LeasesGrpc::newBlockingStub, stub -> stub.create(request))
                    .getLease().getId();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(created);
        out.flush();
        return 0;
    }
}
