package io.berth.itests.support;

import java.nio.file.Path;

import io.grpc.ManagedChannel;

/** A daemon that ctr talks to, berthd or Debian's containerd, on directories of a test's own. */
public interface Daemon extends AutoCloseable {
    /** The directory that holds its root, state, socket and log. */
    Path dir();

    Path socket();

    /** A channel to the daemon, closed with it. */
    ManagedChannel channel();

    /** SIGKILL, as a crash ends the daemon, and waits until it is gone; its tasks outlive it. */
    void kill() throws InterruptedException;

    /** Ends the tasks a test left to a daemon that still runs, then stops it. */
    @Override
    void close() throws InterruptedException;
}
