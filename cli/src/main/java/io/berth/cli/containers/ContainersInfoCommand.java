package io.berth.cli.containers;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.JsonOutput;
import io.berth.cli.OutputFormat;
import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.services.containers.v1.ContainersGrpc;
import io.berth.proto.containerd.services.containers.v1.GetContainerRequest;
import io.berth.proto.containerd.services.containers.v1.GetContainerResponse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth containers info ID}: the container as ctr prints it, its spec as JSON; or only the spec. */
@Command(name = "info", description = "Show a container's record, with its OCI runtime spec")
final class ContainersInfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--spec", description = "Print only the OCI runtime spec")
    private boolean specOnly;

    @Parameters(index = "0", paramLabel = "ID", description = "Id of the container")
    private String id;

    @Override
    public Integer call() {
        Berth berth = Berth.of(spec);
        GetContainerResponse response;
        try (Daemon daemon = berth.connect()) {
            GetContainerRequest request = GetContainerRequest.newBuilder().setId(id).build();
            response = daemon.call("get container " + id, ContainersGrpc::newBlockingStub, stub -> stub.get(request));
        }
        PrintWriter out = spec.commandLine().getOut();
        Container container = response.getContainer();
        if (berth.format() == OutputFormat.JSON && !specOnly) {
            JsonOutput.print(out, response);
        } else {
            out.println(specOnly ? ContainerJson.spec(container) : ContainerJson.of(container));
            out.flush();
        }
        return 0;
    }
}
