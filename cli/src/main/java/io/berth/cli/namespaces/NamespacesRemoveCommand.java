package io.berth.cli.namespaces;

import io.berth.cli.Berth;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.cli.ErrorLine;
import io.berth.proto.containerd.services.namespaces.v1.DeleteNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.NamespacesGrpc;
import io.grpc.Status;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth namespaces remove NAME..}: prints each name removed or already absent, as ctr does, and
 * goes on past a namespace it cannot remove, reporting it and exiting 1 at the end.
 */
@Command(name = "remove", aliases = "rm", description = "Remove one or more namespaces; each must be empty")
final class NamespacesRemoveCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Namespaces to remove")
    private List<String> names;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exitCode = 0;
        try (Daemon daemon = Berth.of(spec).connect()) {
            for (String name : names) {
                try {
                    daemon.call("unable to delete " + name, NamespacesGrpc::newBlockingStub,
                            stub -> stub.delete(DeleteNamespaceRequest.newBuilder().setName(name).build()));
                } catch (CommandFailure failure) {
                    if (failure.code() != Status.Code.NOT_FOUND) {
                        err.println(ErrorLine.of(failure));
                        exitCode = 1;
                        continue;
                    }
                }
                out.println(name);
                out.flush();
            }
        }
        return exitCode;
    }
}
