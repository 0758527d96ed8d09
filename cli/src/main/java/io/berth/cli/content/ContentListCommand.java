package io.berth.cli.content;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.JsonOutput;
import io.berth.cli.OutputFormat;
import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.ListContentRequest;
import io.berth.proto.containerd.services.content.v1.ListContentResponse;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth content list}: ctr's DIGEST SIZE AGE LABELS table of the namespace's blobs. */
@Command(name = "list", aliases = "ls", description = "List all blobs in the store")
final class ContentListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Print only the blob digests")
    private boolean quiet;

    @Parameters(paramLabel = "FILTER", arity = "0..*",
            description = "Filters in containerd's syntax; a blob is listed if any matches, e.g. labels.a==b")
    private List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
        Berth berth = Berth.of(spec);
        ListContentResponse.Builder all = ListContentResponse.newBuilder();
        try (Daemon daemon = berth.connect()) {
            ListContentRequest request = ListContentRequest.newBuilder().addAllFilters(filters).build();
            Iterator<ListContentResponse> pages = daemon.call("list content", ContentGrpc::newBlockingStub,
                    stub -> stub.list(request));
            try {
                pages.forEachRemaining(page -> all.addAllInfo(page.getInfoList()));
            } catch (StatusRuntimeException e) {
                throw daemon.failure("list content", e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (berth.format() == OutputFormat.JSON) {
            JsonOutput.print(out, all);
        } else if (quiet) {
            all.getInfoList().forEach(info -> out.println(info.getDigest()));
            out.flush();
        } else {
            ContentTable.print(out, all.getInfoList(), Instant.now());
        }
        return 0;
    }
}
