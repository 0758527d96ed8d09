package io.berth.cli.version;

import io.berth.cli.ClientVersion;
import io.berth.proto.containerd.services.introspection.v1.ServerResponse;
import io.berth.proto.containerd.services.version.v1.VersionResponse;
import java.io.PrintWriter;

/**
 * The text of {@code berth version}, laid out as ctr's: the values after "Version:" start one
 * column further so they line up under those after "Revision:".
 */
final class VersionText {
    private VersionText() {
    }

    static void printClient(PrintWriter out, ClientVersion client) {
        out.println("Client:");
        out.println("  Version:  " + client.version());
        out.println("  Revision: " + client.revision());
        out.println("  Java version: " + client.javaVersion());
        out.println();
        out.flush();
    }

    static void printServer(PrintWriter out, VersionResponse server) {
        out.println("Server:");
        out.println("  Version:  " + server.getVersion());
        out.println("  Revision: " + server.getRevision());
        out.flush();
    }

    static void printUuid(PrintWriter out, ServerResponse info) {
        out.println("  UUID: " + info.getUuid());
        out.flush();
    }

    /** A client and daemon from different builds may disagree on the API; ctr warns the same way. */
    static void warnOnMismatch(PrintWriter err, ClientVersion client, VersionResponse server) {
        if (!client.version().equals(server.getVersion())) {
            err.println("WARNING: version mismatch");
        }
        if (!client.revision().equals(server.getRevision())) {
            err.println("WARNING: revision mismatch");
        }
        err.flush();
    }
}
