package io.berth.cli.leases;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.proto.containerd.services.leases.v1.DeleteRequest;
import io.berth.proto.containerd.services.leases.v1.LeasesGrpc;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth leases remove ID..}: prints each id removed and stops at the first failure, as ctr. */
@Command(name = "remove", aliases = {"rm", "delete"}, description = "Delete leases")
final class LeasesRemoveCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--sync", description = "Wait until what only these leases held has been collected")
    private boolean sync;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "Ids of the leases to delete")
    private List<String> ids;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Daemon daemon = Berth.of(spec).connect()) {
            for (String id : ids) {
                DeleteRequest request = DeleteRequest.newBuilder().setId(id).setSync(sync).build();
                daemon.call("delete lease " + id, LeasesGrpc::newBlockingStub, stub -> stub.delete(request));
                out.println(id);
                out.flush();
            }
        }
        return 0;
    }
}
