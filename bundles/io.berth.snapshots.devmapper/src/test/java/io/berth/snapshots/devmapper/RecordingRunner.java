package io.berth.snapshots.devmapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stands in for dmsetup where the kernel has no device-mapper: it records each argv and runs nothing. Only the
 * commands a test scripts succeed as queries ({@code dmsetup info} of a name said to be mapped, {@code status});
 * the rest "succeed" without output, and those a test lists fail.
 */
final class RecordingRunner implements CommandRunner {
    final List<List<String>> commands = new ArrayList<>();
    final Set<String> mapped = new HashSet<>();
    final Set<List<String>> failing = new HashSet<>();
    String status = "0 2048 thin 512 2047";

    @Override
    public String run(List<String> argv) throws CommandFailure {
        commands.add(argv);
        if (failing.contains(argv)) {
            throw new CommandFailure(argv, "exit status 1: scripted failure");
        }
        if (argv.size() == 3 && argv.get(1).equals("info") && !mapped.contains(argv.get(2))) {
            throw new CommandFailure(argv, "exit status 1: Device does not exist.");
        }
        return argv.size() == 3 && argv.get(1).equals("status") ? status : "";
    }

    /** The commands that change something, queries left out. */
    List<List<String>> changes() {
        return commands.stream().filter(argv -> !argv.get(1).equals("info") && !argv.get(1).equals("status")).toList();
    }
}
