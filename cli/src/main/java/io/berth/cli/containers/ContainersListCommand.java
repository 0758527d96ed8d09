package io.berth.cli.containers;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.JsonOutput;
import io.berth.cli.OutputFormat;
import io.berth.proto.containerd.services.containers.v1.ContainersGrpc;
import io.berth.proto.containerd.services.containers.v1.ListContainersRequest;
import io.berth.proto.containerd.services.containers.v1.ListContainersResponse;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth containers list}: ctr's CONTAINER IMAGE RUNTIME table. */
@Command(name = "list", aliases = "ls", description = "List containers")
final class ContainersListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Print only the container ids")
    private boolean quiet;

    @Parameters(paramLabel = "FILTER", arity = "0..*",
            description = "Filters in containerd's syntax; a container is listed if any matches, e.g. image~=busybox")
    private List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
        Berth berth = Berth.of(spec);
        ListContainersResponse response;
        try (Daemon daemon = berth.connect()) {
            ListContainersRequest request = ListContainersRequest.newBuilder().addAllFilters(filters).build();
            response = daemon.call("failed to list containers", ContainersGrpc::newBlockingStub,
                    stub -> stub.list(request));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (berth.format() == OutputFormat.JSON) {
            JsonOutput.print(out, response);
        } else if (quiet) {
            response.getContainersList().forEach(container -> out.println(container.getId()));
            out.flush();
        } else {
            ContainerTable.print(out, response.getContainersList());
        }
        return 0;
    }
}
