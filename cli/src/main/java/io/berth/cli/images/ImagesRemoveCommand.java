package io.berth.cli.images;

import io.berth.cli.Berth;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.cli.ErrorLine;
import io.berth.proto.containerd.services.images.v1.DeleteImageRequest;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.grpc.Status;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth images remove NAME..}: prints each name removed; like ctr, warns of a name not found and
 * goes on, and reports any other failure, exiting 1 at the end.
 */
@Command(name = "remove", aliases = "rm", description = "Remove one or more images by reference")
final class ImagesRemoveCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--sync", description = "Wait until the daemon has also removed what only these images used")
    private boolean sync;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Names of the images to remove")
    private List<String> names;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exitCode = 0;
        try (Daemon daemon = Berth.of(spec).connect()) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                // As ctr, only the last removal waits: the collection it starts covers the earlier ones.
                DeleteImageRequest request = DeleteImageRequest.newBuilder()
                        .setName(name).setSync(sync && i == names.size() - 1).build();
                try {
                    daemon.call("unable to delete " + name, ImagesGrpc::newBlockingStub, stub -> stub.delete(request));
                    out.println(name);
                    out.flush();
                } catch (CommandFailure failure) {
                    if (failure.code() == Status.Code.NOT_FOUND) {
                        err.println("berth: warning: " + name + ": image not found");
                    } else {
                        err.println(ErrorLine.of(failure));
                        exitCode = 1;
                    }
                }
            }
        }
        return exitCode;
    }
}
