package io.berth.cli.plugins;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.JsonOutput;
import io.berth.cli.OutputFormat;
import io.berth.proto.containerd.services.introspection.v1.IntrospectionGrpc;
import io.berth.proto.containerd.services.introspection.v1.PluginsRequest;
import io.berth.proto.containerd.services.introspection.v1.PluginsResponse;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The options and the work of listing plugins, shared by {@code plugins} and {@code plugins ls}. */
final class PluginListing {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = {"-d", "--detailed"}, description = "Print detailed information about each plugin")
    boolean detailed;

    @Option(names = {"-q", "--quiet"}, description = "Print only the plugin ids")
    boolean quiet;

    @Parameters(paramLabel = "FILTER", arity = "0..*",
            description = {"Filters in containerd's syntax; a plugin is listed if any matches,",
                    "e.g. type==io.containerd.snapshotter.v1 or id==overlayfs"})
    List<String> filters = new ArrayList<>();

    int run() {
        Berth berth = Berth.of(command);
        PrintWriter out = command.commandLine().getOut();
        PluginsResponse response;
        try (Daemon daemon = berth.connect()) {
            PluginsRequest request = PluginsRequest.newBuilder().addAllFilters(filters).build();
            response = daemon.call("list plugins", IntrospectionGrpc::newBlockingStub, stub -> stub.plugins(request));
        }
        if (berth.format() == OutputFormat.JSON) {
            JsonOutput.print(out, response);
        } else if (quiet) {
            response.getPluginsList().forEach(plugin -> out.println(plugin.getId()));
            out.flush();
        } else if (detailed) {
            PluginDetails.print(out, response.getPluginsList());
        } else {
            PluginTable.print(out, response.getPluginsList());
        }
        return 0;
    }
}
