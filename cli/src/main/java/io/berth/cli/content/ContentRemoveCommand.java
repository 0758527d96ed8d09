package io.berth.cli.content;

import io.berth.cli.Berth;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.cli.ErrorLine;
import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.DeleteContentRequest;
import io.grpc.Status;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth content remove DIGEST..}: prints each digest removed, passes over those the namespace does
 * not hold as ctr does, and reports the others, exiting 1 at the end.
 */
@Command(name = "remove", aliases = {"rm", "delete", "del"}, description = "Permanently delete one or more blobs")
final class ContentRemoveCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIGEST", description = "Digests of the blobs to delete")
    private List<String> digests;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exitCode = 0;
        try (Daemon daemon = Berth.of(spec).connect()) {
            for (String digest : digests) {
                try {
                    daemon.call("could not delete " + digest, ContentGrpc::newBlockingStub,
                            stub -> stub.delete(DeleteContentRequest.newBuilder().setDigest(digest).build()));
                    out.println(digest);
                    out.flush();
                } catch (CommandFailure failure) {
                    if (failure.code() != Status.Code.NOT_FOUND) {
                        err.println(ErrorLine.of(failure));
                        exitCode = 1;
                    }
                }
            }
        }
        return exitCode;
    }
}
