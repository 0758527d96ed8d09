package io.berth.runtime.shim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.google.protobuf.Empty;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.proto.containerd.task.v2.ConnectRequest;
import io.berth.proto.containerd.task.v2.ConnectResponse;
import io.berth.proto.containerd.task.v2.ShutdownRequest;

/**
 * One shim process serving a task's bundle: its ttrpc connection and its log. It is started with the shim
 * binary's {@code start}, or found again from the bundle's {@code address} after a daemon restart. Tasks of one
 * sandbox group are served by the same shim process, each through a connection of its own.
 */
final class RunningShim {
    /** How long a shim may take to exit once told to shut down before the bundle is removed anyway. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
    /** Short: by the time its connection has ended, the shim is exiting. */
    private static final Duration EXIT_POLL = Duration.ofMillis(1);
    private static final String SHIM_PID_FILE = "shim.pid";

    private final ShimBundle bundle;
    private final Path socket;
    private final ShimClient client;
    private final ShimLog log;

    private RunningShim(ShimBundle bundle, Path socket, ShimClient client, ShimLog log) {
        this.bundle = bundle;
        this.socket = socket;
        this.client = client;
        this.log = log;
    }

    /**
     * A shim found again after a daemon restart.
     *
     * @param taskPid the task's pid as the shim knows it: 0 when the shim no longer has the task
     */
    record Found(RunningShim shim, int taskPid) {
    }

    /**
     * Starts a shim for a created bundle and dials it. Nothing is called yet: its socket listens from before
     * {@code start} returns, so the first call, Create, waits there until the shim serves, as in containerd. On
     * failure its log is let go; cleaning up after a shim it may have started, and removing the bundle, are the
     * caller's.
     *
     * @param options the serialized {@code Any} of the runtime options the shim reads at start; empty for none
     */
    static RunningShim start(ShimBundle bundle, ShimCommand command, byte[] options, Consumer<String> logLines)
            throws IOException {
        bundle.writeShimBinary(command.binary());
        ShimLog log = ShimLog.follow(bundle.log(), bundle.namespace() + "-" + bundle.id(), logLines);
        try {
            ShimAddress address = ShimAddress.parse(command.start(bundle.id(), bundle.path(), options));
            // containerd's shims write their address into the bundle themselves; only another shim's is written.
            if (!bundle.address().equals(Optional.of(address.address()))) {
                bundle.writeAddress(address.address());
            }
            return dial(bundle, address, log);
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /**
     * Connects to the shim a bundle's {@code address} names and asks it for the bundle's task, giving up after
     * {@code timeout}: a shim that does not answer in time counts as gone.
     *
     * @return empty when the bundle has no address or nothing answers there
     */
    static Optional<Found> reconnect(ShimBundle bundle, Duration timeout, Consumer<String> logLines)
            throws IOException {
        Optional<String> written = bundle.address();
        if (written.isEmpty()) {
            return Optional.empty();
        }
        ShimAddress address;
        try {
            address = ShimAddress.parse(written.get());
        } catch (BerthException e) {
            return Optional.empty();
        }
        ShimLog log = ShimLog.follow(bundle.log(), bundle.namespace() + "-" + bundle.id(), logLines);
        RunningShim shim;
        try {
            shim = dial(bundle, address, log);
        } catch (IOException e) {
            log.close();
            return Optional.empty();
        }
        try {
            return Optional.of(new Found(shim, shim.connect(timeout).getTaskPid()));
        } catch (BerthException e) {
            shim.detach();
            return Optional.empty();
        }
    }

    private static RunningShim dial(ShimBundle bundle, ShimAddress address, ShimLog log) throws IOException {
        ShimClient client;
        try {
            client = ShimClient.connect(address, bundle.namespace());
        } catch (IOException e) {
            throw new IOException("shim at " + address.address() + " cannot be reached: " + e.getMessage(), e);
        }
        return new RunningShim(bundle, address.socket(), client, log);
    }

    /** The pids of the shim and of the bundle's task. */
    private ConnectResponse connect(Duration timeout) {
        return client.call("Connect", ConnectRequest.newBuilder().setId(bundle.id()).build(),
                ConnectResponse.parser(), timeout);
    }

    ShimBundle bundle() {
        return bundle;
    }

    /** The socket the shim serves on: the same for every task of a sandbox group. */
    Path socket() {
        return socket;
    }

    ShimClient client() {
        return client;
    }

    /**
     * Tells the shim to exit and waits for it to, then lets go of its connection and log. A shim that still
     * serves other tasks refuses, and stays. The shim's connection ends as it exits, so that end is waited for
     * first, as containerd waits for it; the process itself is gone a moment later, and is waited for by its pid.
     */
    void shutdown() {
        CountDownLatch closedByShim = new CountDownLatch(1);
        client.onClose(closedByShim::countDown);
        long shimPid = 0;
        try {
            shimPid = shimPid();
            client.call("Shutdown", ShutdownRequest.newBuilder().setId(bundle.id()).build(), Empty.parser(),
                    EXIT_WAIT);
            closedByShim.await(EXIT_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.UNAVAILABLE) {
                throw e;
            }
        } finally {
            client.close();
            log.close();
        }
        awaitExit(shimPid);
    }

    /**
     * The shim's pid: from the {@code shim.pid} that containerd's shims write into the bundle they start in, or
     * else asked of the shim (a task that joined a group's shim has no such file); 0 when the shim does not say,
     * which leaves only its connection's end to wait for.
     */
    private long shimPid() {
        try {
            return Long.parseLong(Files.readString(bundle.path().resolve(SHIM_PID_FILE)).strip());
        } catch (IOException | NumberFormatException e) {
            try {
                return connect(EXIT_WAIT).getShimPid();
            } catch (BerthException notSaid) {
                return 0;
            }
        }
    }

    /** Lets go of the connection and log, leaving the shim running: the daemon stops, its tasks do not. */
    void detach() {
        client.close();
        log.close();
    }

    /**
     * Waits until the shim process has exited. The shim is not the daemon's child, so there is nothing to wait on:
     * its {@code /proc} entry is polled, and an exited shim that its new parent has not reaped yet counts as gone.
     */
    private static void awaitExit(long shimPid) {
        if (shimPid <= 0) {
            return;
        }
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        try {
            while (ProcessStates.running(shimPid) && System.nanoTime() < deadline) {
                Thread.sleep(EXIT_POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
