package io.berth.cli.version;

import com.google.protobuf.Empty;
import io.berth.cli.Berth;
import io.berth.cli.ClientVersion;
import io.berth.cli.Daemon;
import io.berth.cli.JsonOutput;
import io.berth.cli.OutputFormat;
import io.berth.proto.containerd.services.introspection.v1.IntrospectionGrpc;
import io.berth.proto.containerd.services.introspection.v1.ServerResponse;
import io.berth.proto.containerd.services.version.v1.VersionGrpc;
import io.berth.proto.containerd.services.version.v1.VersionResponse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code berth version}: the client's and the daemon's versions, as {@code ctr version} prints them. */
@Command(name = "version", description = "Print the client and server versions")
public final class VersionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Berth berth = Berth.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClientVersion client = ClientVersion.current();
        boolean table = berth.format() == OutputFormat.TABLE;
        if (table) {
            // Like ctr, the client's part shows even when the daemon cannot be reached.
            VersionText.printClient(out, client);
        }
        try (Daemon daemon = berth.connect()) {
            VersionResponse server = daemon.call("get server version",
                    VersionGrpc::newBlockingStub, stub -> stub.version(Empty.getDefaultInstance()));
            if (table) {
                VersionText.printServer(out, server);
            }
            ServerResponse info = daemon.call("get server information",
                    IntrospectionGrpc::newBlockingStub, stub -> stub.server(Empty.getDefaultInstance()));
            if (table) {
                VersionText.printUuid(out, info);
            } else {
                JsonOutput.print(out, VersionJson.of(client, server, info));
            }
            VersionText.warnOnMismatch(err, client, server);
        }
        return 0;
    }
}
