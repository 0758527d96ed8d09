package io.berth.cli.images;

import io.berth.cli.Berth;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.proto.containerd.services.images.v1.CreateImageRequest;
import io.berth.proto.containerd.services.images.v1.DeleteImageRequest;
import io.berth.proto.containerd.services.images.v1.GetImageRequest;
import io.berth.proto.containerd.services.images.v1.Image;
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

/** {@code berth images tag SOURCE TARGET..}: new names for the source's target and labels, printed as made. */
@Command(name = "tag", description = "Tag an image")
final class ImagesTagCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--force", description = "Replace a target name that exists already")
    private boolean force;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "Name of the image to tag")
    private String source;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET", description = "New names")
    private List<String> targets;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Daemon daemon = Berth.of(spec).connect()) {
            Image image = daemon.call("get image " + source, ImagesGrpc::newBlockingStub,
                    stub -> stub.get(GetImageRequest.newBuilder().setName(source).build())).getImage();
            for (String target : targets) {
                // Times are the daemon's to set on the new record.
                Image tagged = image.toBuilder().setName(target).clearCreatedAt().clearUpdatedAt().build();
                CreateImageRequest create = CreateImageRequest.newBuilder().setImage(tagged).build();
                try {
                    daemon.call("tag " + target, ImagesGrpc::newBlockingStub, stub -> stub.create(create));
                } catch (CommandFailure failure) {
                    if (!force || failure.code() != Status.Code.ALREADY_EXISTS) {
                        throw failure;
                    }
                    daemon.call("replace " + target, ImagesGrpc::newBlockingStub,
                            stub -> stub.delete(DeleteImageRequest.newBuilder().setName(target).build()));
                    daemon.call("tag " + target, ImagesGrpc::newBlockingStub, stub -> stub.create(create));
                }
                out.println(target);
                out.flush();
            }
        }
        return 0;
    }
}
