package io.berth.cli.pull;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.RegistryUser;
import io.berth.proto.berth.services.images.v1.PullGrpc;
import io.berth.proto.berth.services.images.v1.PullProgress;
import io.berth.proto.berth.services.images.v1.PullRequest;
import io.grpc.StatusRuntimeException;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth pull IMAGE}: the daemon pulls and unpacks the image with its own registry client, and the
 * progress of each blob is shown as it goes: redrawn in place on a terminal, one line per change otherwise.
 */
@Command(name = "pull", description = "Pull an image and unpack it into a snapshotter, in the daemon")
public final class PullCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Platform to pull (default: the daemon's own)")
    private String platform = "";

    @Option(names = "--snapshotter", paramLabel = "NAME", description = "Snapshotter to unpack into (default: the daemon's)")
    private String snapshotter = "";

    @Option(names = "--plain-http", description = "Talk HTTP to the registry, unless its hosts.toml says otherwise")
    private boolean plainHttp;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:SECRET]",
            description = "User name and secret for the registry; asked for the secret on a terminal if left out")
    private String user;

    @Parameters(paramLabel = "IMAGE", description = "Reference of the image, e.g. registry.example:5000/app:1.0")
    private String reference;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        PullRequest request = request(terminal ? console : null);
        ProgressView view = terminal ? new TerminalBoard(out) : new StateChangeLog(out);
        String what = "pull " + reference;
        long start = System.nanoTime();
        try (Daemon daemon = Berth.of(spec).connect()) {
            Iterator<PullProgress> progress = daemon.stream(what, PullGrpc::newBlockingStub, stub -> stub.pull(request));
            try {
                while (progress.hasNext()) {
                    PullProgress message = progress.next();
                    Duration now = Duration.ofNanos(System.nanoTime() - start);
                    if (message.hasBlob()) {
                        view.blob(message.getBlob(), now);
                    } else if (message.hasImage()) {
                        view.done(message.getImage(), now);
                    }
                }
            } catch (StatusRuntimeException e) {
                throw daemon.failure(what, e);
            }
        }
        return 0;
    }

    private PullRequest request(Console console) {
        PullRequest.Builder request = PullRequest.newBuilder()
                .setReference(reference)
                .setPlatform(platform)
                .setSnapshotter(snapshotter)
                .setPlainHttp(plainHttp)
                .setUnpack(true);
        RegistryUser login = RegistryUser.parse(user, console);
        request.setUsername(login.username()).setSecret(login.secret());
        return request.build();
    }
}
