package io.berth.cli.namespaces;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.JsonOutput;
import io.berth.cli.LabelArgs;
import io.berth.cli.OutputFormat;
import io.berth.cli.TabWriter;
import io.berth.proto.containerd.services.namespaces.v1.ListNamespacesRequest;
import io.berth.proto.containerd.services.namespaces.v1.ListNamespacesResponse;
import io.berth.proto.containerd.services.namespaces.v1.Namespace;
import io.berth.proto.containerd.services.namespaces.v1.NamespacesGrpc;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth namespaces list}: ctr's NAME LABELS table. */
@Command(name = "list", aliases = "ls", description = "List namespaces")
final class NamespacesListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Print only the namespace names")
    private boolean quiet;

    @Override
    public Integer call() {
        Berth berth = Berth.of(spec);
        ListNamespacesResponse response;
        try (Daemon daemon = berth.connect()) {
            response = daemon.call("list namespaces", NamespacesGrpc::newBlockingStub,
                    stub -> stub.list(ListNamespacesRequest.getDefaultInstance()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (berth.format() == OutputFormat.JSON) {
            JsonOutput.print(out, response);
        } else if (quiet) {
            response.getNamespacesList().forEach(namespace -> out.println(namespace.getName()));
            out.flush();
        } else {
            print(out, response);
        }
        return 0;
    }

    /** ctr's tabwriter settings: minimum width 1, padding 1, every line ending in a tab. */
    static void print(PrintWriter out, ListNamespacesResponse response) {
        TabWriter table = new TabWriter(out, 1, 1);
        table.println("NAME\tLABELS\t");
        for (Namespace namespace : response.getNamespacesList()) {
            table.println(namespace.getName() + "\t" + LabelArgs.format(namespace.getLabelsMap()) + "\t");
        }
        table.flush();
    }
}
