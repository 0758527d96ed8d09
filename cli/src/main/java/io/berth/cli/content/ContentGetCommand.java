package io.berth.cli.content;

import io.berth.cli.Berth;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.ReadContentRequest;
import io.berth.proto.containerd.services.content.v1.ReadContentResponse;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth content get DIGEST}: the blob's bytes, unchanged, on standard output. */
@Command(name = "get", description = "Get the data for an object")
final class ContentGetCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIGEST", description = "Digest of the blob, e.g. sha256:...")
    private String digest;

    @Override
    public Integer call() {
        Berth berth = Berth.of(spec);
        PrintStream out = berth.stdout();
        String what = "read " + digest;
        try (Daemon daemon = berth.connect()) {
            ReadContentRequest request = ReadContentRequest.newBuilder().setDigest(digest).build();
            Iterator<ReadContentResponse> chunks = daemon.stream(what, ContentGrpc::newBlockingStub,
                    stub -> stub.read(request));
            try {
                while (chunks.hasNext()) {
                    chunks.next().getData().writeTo(out);
                }
            } catch (StatusRuntimeException e) {
                throw daemon.failure(what, e);
            } catch (IOException e) {
                throw new CommandFailure(what + ": " + e.getMessage(), e);
            }
        }
        out.flush();
        if (out.checkError()) {
            throw new CommandFailure(what + ": standard output could not be written");
        }
        return 0;
    }
}
