package io.berth.cli.push;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.RegistryUser;
import io.berth.proto.berth.services.images.v1.PushGrpc;
import io.berth.proto.berth.services.images.v1.PushProgress;
import io.berth.proto.berth.services.images.v1.PushRequest;
import io.grpc.StatusRuntimeException;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth push IMAGE [REMOTE-REF]}: the daemon pushes an image of the namespace with its own registry client,
 * and each blob's progress is shown as it goes.
 */
@Command(name = "push", description = "Push an image to a registry, from the daemon's content")
public final class PushCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Push only this platform's manifest of an index (default: the whole image)")
    private String platform = "";

    @Option(names = "--plain-http", description = "Talk HTTP to the registry, unless its hosts.toml says otherwise")
    private boolean plainHttp;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:SECRET]",
            description = "User name and secret for the registry; asked for the secret on a terminal if left out")
    private String user;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Name of the image in the namespace")
    private String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REMOTE-REF",
            description = "Reference to push to, e.g. registry.example:5000/app:1.0 (default: the image's name)")
    private String remote = "";

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        RegistryUser login = RegistryUser.parse(user, terminal ? console : null);
        PushRequest request = PushRequest.newBuilder()
                .setImage(image)
                .setRemote(remote)
                .setPlatform(platform)
                .setPlainHttp(plainHttp)
                .setUsername(login.username())
                .setSecret(login.secret())
                .build();
        PushLog log = new PushLog(out, terminal);
        String what = "push " + (remote.isEmpty() ? image : remote);
        try (Daemon daemon = Berth.of(spec).connect()) {
            Iterator<PushProgress> progress = daemon.stream(what, PushGrpc::newBlockingStub, stub -> stub.push(request));
            try {
                while (progress.hasNext()) {
                    PushProgress message = progress.next();
                    if (message.hasBlob()) {
                        log.blob(message.getBlob());
                    } else if (message.hasImage()) {
                        log.done(message.getImage());
                    }
                }
            } catch (StatusRuntimeException e) {
                throw daemon.failure(what, e);
            }
        }
        return 0;
    }
}
