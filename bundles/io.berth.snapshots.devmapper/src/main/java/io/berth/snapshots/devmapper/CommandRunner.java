package io.berth.snapshots.devmapper;

import java.util.List;

/** Runs one command to its end: dmsetup, mkfs, blkdiscard. */
interface CommandRunner {
    /**
     * @return what the command wrote to standard output and error
     * @throws CommandFailure when it could not start or exited with another status than 0
     */
    String run(List<String> argv) throws CommandFailure;
}
