package io.berth.cli.images;

import com.google.protobuf.ByteString;
import io.berth.cli.Berth;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.cli.JsonOutput;
import io.berth.cli.OutputFormat;
import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.ReadContentRequest;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.berth.proto.containerd.services.images.v1.ListImagesRequest;
import io.berth.proto.containerd.services.images.v1.ListImagesResponse;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.berth.proto.containerd.services.snapshots.v1.StatSnapshotRequest;
import io.berth.proto.containerd.types.Platform;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth images list}: ctr's REF TYPE DIGEST SIZE PLATFORMS LABELS table; with {@code --unpacked}, a last
 * column says whether the image's layers are unpacked in the snapshotter, as {@code ctr images check} does.
 */
@Command(name = "list", aliases = "ls", description = "List images known to berth")
final class ImagesListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image names")
    private boolean quiet;

    @Option(names = "--unpacked",
            description = "Add an UNPACKED column: whether the image's top layer snapshot is in --snapshotter")
    private boolean unpacked;

    @Option(names = "--snapshotter", paramLabel = "NAME", defaultValue = "${env:CONTAINERD_SNAPSHOTTER:-overlayfs}",
            description = "Snapshotter the UNPACKED column looks in (env CONTAINERD_SNAPSHOTTER, default: overlayfs)")
    private String snapshotter;

    @Parameters(paramLabel = "FILTER", arity = "0..*",
            description = "Filters in containerd's syntax; an image is listed if any matches, e.g. name==app:1")
    private List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
        Berth berth = Berth.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (Daemon daemon = berth.connect()) {
            ListImagesRequest request = ListImagesRequest.newBuilder().addAllFilters(filters).build();
            ListImagesResponse response = daemon.call("failed to list images", ImagesGrpc::newBlockingStub,
                    stub -> stub.list(request));
            if (berth.format() == OutputFormat.JSON) {
                JsonOutput.print(out, response);
            } else if (quiet) {
                response.getImagesList().forEach(image -> out.println(image.getName()));
                out.flush();
            } else {
                ImageContent content = new ImageContent(digest -> read(daemon, digest));
                Platform platform = ImageContent.hostPlatform();
                ImageTable.print(out, response.getImagesList(), content, platform, !unpacked ? null
                        : root -> content.diffIds(root, platform).map(diffIds -> String.valueOf(
                                hasSnapshot(daemon, ChainIds.top(diffIds)))).orElse("-"));
            }
        }
        return 0;
    }

    /** Whether the snapshotter has the snapshot named {@code chainId}; an image of no layers has nothing to unpack. */
    private boolean hasSnapshot(Daemon daemon, String chainId) {
        if (chainId.isEmpty()) {
            return true;
        }
        StatSnapshotRequest request = StatSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(chainId).build();
        try {
            daemon.call("stat snapshot " + chainId, SnapshotsGrpc::newBlockingStub, stub -> stub.stat(request));
            return true;
        } catch (CommandFailure failure) {
            if (failure.code() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw failure;
        }
    }

    /** A manifest, index or config: small blobs, read whole. */
    private static Optional<byte[]> read(Daemon daemon, String digest) {
        String what = "read " + digest;
        ReadContentRequest request = ReadContentRequest.newBuilder().setDigest(digest).build();
        try {
            ByteString bytes = ByteString.empty();
            var chunks = daemon.call(what, ContentGrpc::newBlockingStub, stub -> stub.read(request));
            while (chunks.hasNext()) {
                bytes = bytes.concat(chunks.next().getData());
            }
            return Optional.of(bytes.toByteArray());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw daemon.failure(what, e);
        } catch (CommandFailure failure) {
            if (failure.code() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        }
    }
}
