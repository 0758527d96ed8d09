package io.berth.cli.content;

import com.google.protobuf.FieldMask;
import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.LabelArgs;
import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.Info;
import io.berth.proto.containerd.services.content.v1.InfoRequest;
import io.berth.proto.containerd.services.content.v1.UpdateRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth content label DIGEST [KEY=VALUE..]}: sets or clears labels, then prints the blob's labels. */
@Command(name = "label", description = "Add labels to content; an empty value clears the label")
final class ContentLabelCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIGEST", description = "Digest of the blob")
    private String digest;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Labels to set or, with no value, clear")
    private List<String> labels = new ArrayList<>();

    @Override
    public Integer call() {
        Map<String, String> given = LabelArgs.parse(labels);
        Info result;
        try (Daemon daemon = Berth.of(spec).connect()) {
            if (given.isEmpty()) {
                // Nothing to change: an update without paths would clear every label.
                result = daemon.call("get info of " + digest, ContentGrpc::newBlockingStub,
                        stub -> stub.info(InfoRequest.newBuilder().setDigest(digest).build())).getInfo();
            } else {
                Info.Builder info = Info.newBuilder().setDigest(digest);
                FieldMask.Builder paths = FieldMask.newBuilder();
                given.forEach((key, value) -> {
                    paths.addPaths("labels." + key);
                    if (!value.isEmpty()) {
                        info.putLabels(key, value);
                    }
                });
                UpdateRequest request = UpdateRequest.newBuilder().setInfo(info).setUpdateMask(paths).build();
                result = daemon.call("label " + digest, ContentGrpc::newBlockingStub, stub -> stub.update(request))
                        .getInfo();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(LabelArgs.format(result.getLabelsMap()));
        out.flush();
        return 0;
    }
}
