package io.berth.cli.namespaces;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.LabelArgs;
import io.berth.proto.containerd.services.namespaces.v1.CreateNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.Namespace;
import io.berth.proto.containerd.services.namespaces.v1.NamespacesGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth namespaces create NAME [KEY=VALUE..]}: prints nothing on success, as ctr. */
@Command(name = "create", aliases = "c", description = "Create a new namespace; it must be unique")
final class NamespacesCreateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Name of the namespace")
    private String name;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Labels of the namespace")
    private List<String> labels = new ArrayList<>();

    @Override
    public Integer call() {
        CreateNamespaceRequest request = CreateNamespaceRequest.newBuilder()
                .setNamespace(Namespace.newBuilder().setName(name).putAllLabels(LabelArgs.parse(labels)))
                .build();
        try (Daemon daemon = Berth.of(spec).connect()) {
            daemon.call("create namespace " + name, NamespacesGrpc::newBlockingStub, stub -> stub.create(request));
        }
        return 0;
    }
}
