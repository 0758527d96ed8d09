package io.berth.cli.version;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.berth.cli.ClientVersion;
import io.berth.cli.CommandFailure;
import io.berth.cli.JsonOutput;
import io.berth.proto.containerd.services.introspection.v1.ServerResponse;
import io.berth.proto.containerd.services.version.v1.VersionResponse;

/**
 * The JSON of {@code berth version --format json}: {"client": {...}, "server": {...}}, where
 * "server" holds the fields of both the version and the introspection answer.
 */
final class VersionJson {
    private VersionJson() {
    }

    static Struct of(ClientVersion client, VersionResponse server, ServerResponse info) {
        Struct clientPart = Struct.newBuilder()
                .putFields("version", text(client.version()))
                .putFields("revision", text(client.revision()))
                .putFields("javaVersion", text(client.javaVersion()))
                .build();
        // A Struct parsed from each message's JSON keeps protobuf's own field names and value forms.
        Struct.Builder serverPart = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(JsonOutput.toJson(server), serverPart);
            JsonFormat.parser().merge(JsonOutput.toJson(info), serverPart);
        } catch (InvalidProtocolBufferException e) {
            throw new CommandFailure("print JSON: " + e.getMessage(), e);
        }
        return Struct.newBuilder()
                .putFields("client", Value.newBuilder().setStructValue(clientPart).build())
                .putFields("server", Value.newBuilder().setStructValue(serverPart).build())
                .build();
    }

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }
}
