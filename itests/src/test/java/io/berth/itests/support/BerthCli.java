package io.berth.itests.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Berth's own client from the distribution, pointed at a daemon's socket. */
public final class BerthCli {
    private BerthCli() {
    }

    public static Command.Result berth(DaemonProcess daemon, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Distribution.berth().toString(), "-a", daemon.socket().toString()));
        command.addAll(List.of(args));
        return Command.run(command);
    }
}
