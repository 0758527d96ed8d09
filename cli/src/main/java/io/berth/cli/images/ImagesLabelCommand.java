package io.berth.cli.images;

import com.google.protobuf.FieldMask;
import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.LabelArgs;
import io.berth.proto.containerd.services.images.v1.GetImageRequest;
import io.berth.proto.containerd.services.images.v1.Image;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.berth.proto.containerd.services.images.v1.UpdateImageRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth images label NAME [KEY=VALUE..]}: sets or clears labels, then prints the image's labels. */
@Command(name = "label", description = "Set and clear labels for an image; an empty value clears the label")
final class ImagesLabelCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-r", "--replace-all"}, description = "Replace all labels with those given")
    private boolean replaceAll;

    @Parameters(index = "0", paramLabel = "NAME", description = "Name of the image")
    private String name;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Labels to set or, with no value, clear")
    private List<String> labels = new ArrayList<>();

    @Override
    public Integer call() {
        Map<String, String> given = LabelArgs.parse(labels);
        Image updated;
        try (Daemon daemon = Berth.of(spec).connect()) {
            if (given.isEmpty() && !replaceAll) {
                // Nothing to change: an update without paths would replace the target as well.
                updated = daemon.call("get image " + name, ImagesGrpc::newBlockingStub,
                        stub -> stub.get(GetImageRequest.newBuilder().setName(name).build())).getImage();
            } else {
                UpdateImageRequest request = update(given);
                updated = daemon.call("label image " + name, ImagesGrpc::newBlockingStub,
                        stub -> stub.update(request)).getImage();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(LabelArgs.format(updated.getLabelsMap()));
        out.flush();
        return 0;
    }

    private UpdateImageRequest update(Map<String, String> given) {
        Image.Builder image = Image.newBuilder().setName(name);
        FieldMask.Builder paths = FieldMask.newBuilder();
        if (replaceAll) {
            paths.addPaths("labels");
        }
        given.forEach((key, value) -> {
            if (!value.isEmpty()) {
                image.putLabels(key, value);
            }
            if (!replaceAll) {
                paths.addPaths("labels." + key);
            }
        });
        return UpdateImageRequest.newBuilder().setImage(image).setUpdateMask(paths).build();
    }
}
