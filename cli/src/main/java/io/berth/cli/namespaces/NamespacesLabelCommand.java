package io.berth.cli.namespaces;

import com.google.protobuf.FieldMask;
import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.LabelArgs;
import io.berth.proto.containerd.services.namespaces.v1.Namespace;
import io.berth.proto.containerd.services.namespaces.v1.NamespacesGrpc;
import io.berth.proto.containerd.services.namespaces.v1.UpdateNamespaceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth namespaces label NAME [KEY=VALUE..]}: sets the labels given; an empty value clears one. */
@Command(name = "label", description = "Set and clear labels for a namespace; an empty value clears the label")
final class NamespacesLabelCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Name of the namespace")
    private String name;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Labels to set or, with no value, clear")
    private List<String> labels = new ArrayList<>();

    @Override
    public Integer call() {
        Map<String, String> given = LabelArgs.parse(labels);
        if (given.isEmpty()) {
            return 0;
        }
        Namespace.Builder namespace = Namespace.newBuilder().setName(name);
        FieldMask.Builder paths = FieldMask.newBuilder();
        given.forEach((key, value) -> {
            paths.addPaths("labels." + key);
            if (!value.isEmpty()) {
                namespace.putLabels(key, value);
            }
        });
        UpdateNamespaceRequest request = UpdateNamespaceRequest.newBuilder()
                .setNamespace(namespace).setUpdateMask(paths).build();
        try (Daemon daemon = Berth.of(spec).connect()) {
            daemon.call("label namespace " + name, NamespacesGrpc::newBlockingStub, stub -> stub.update(request));
        }
        return 0;
    }
}
