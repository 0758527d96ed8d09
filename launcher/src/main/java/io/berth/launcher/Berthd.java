package io.berth.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;

/**
 * berthd, the daemon: {@link #main} for the command line, {@link #start} for in-process tests.
 * Both take the root's lock, refuse a socket that another daemon serves, and start Felix on the
 * bundles of {@code <home>/bundle/}.
 */
public final class Berthd implements AutoCloseable {
    private static final long STOP_BOUND_MILLIS = 30_000;

    private final Framework framework;
    private final InstanceLock lock;
    private final Log log;

    private Berthd(Framework framework, InstanceLock lock, Log log) {
        this.framework = framework;
        this.lock = lock;
        this.log = log;
    }

    public static void main(String[] args) {
        System.exit(exitCode(args));
    }

    /** Starts the daemon and returns once the framework has started all bundles. */
    public static Berthd start(Options options) throws LauncherException {
        long began = System.nanoTime();
        Log log = Log.toStderr(options.logLevel());
        Map<String, String> topLevel = options.config() == null ? Map.of() : TopLevelToml.read(options.config());
        DaemonPaths paths = DaemonPaths.resolve(options, topLevel);
        InstanceLock lock = InstanceLock.acquire(paths.root());
        Framework framework = null;
        boolean started = false;
        try {
            if (SocketProbe.isServing(paths.address())) {
                throw new LauncherException("another daemon is serving " + paths.address());
            }
            BuildInfo build = BuildInfo.ofLauncherJar();
            log.info("starting berthd version=" + build.version() + " revision=" + build.revision());
            framework = FelixFramework.create(options, paths, build, log);
            framework.init();
            Path bundles = options.home().resolve("bundle");
            new BundleDeployer(framework.getBundleContext(), log).deploy(
                    options.console() ? BundleFolder.scan(bundles, bundles.resolve("console")) : BundleFolder.scan(bundles),
                    paths.felixCache().resolve("berth.deployed"));
            framework.start();
            started = true;
            log.info("berthd successfully booted in " + (System.nanoTime() - began) / 1_000_000 + " ms");
            return new Berthd(framework, lock, log);
        } catch (BundleException | IOException e) {
            throw new LauncherException("framework failed to start: " + e.getMessage(), e);
        } finally {
            if (!started) {
                stopWithinBound(framework, log);
                lock.close();
            }
        }
    }

    public Framework framework() {
        return framework;
    }

    /** Stops the framework, waiting at most 30 s for the bundles to stop, and releases the root. */
    public void stop() {
        stopWithinBound(framework, log);
        lock.close();
    }

    @Override
    public void close() {
        stop();
    }

    private static void stopWithinBound(Framework framework, Log log) {
        if (framework == null) {
            return;
        }
        try {
            framework.stop();
            FrameworkEvent stopped = framework.waitForStop(STOP_BOUND_MILLIS);
            if (stopped.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log.warn("the framework did not stop within " + STOP_BOUND_MILLIS / 1000 + " s");
            }
        } catch (BundleException e) {
            log.error("cannot stop the framework", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while waiting for the framework to stop");
        }
    }

    private boolean stopped() {
        return (framework.getState() & (Bundle.INSTALLED | Bundle.RESOLVED | Bundle.UNINSTALLED)) != 0;
    }

    private static int exitCode(String[] args) {
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (UsageException e) {
            System.err.println("berthd: " + e.getMessage());
            System.err.println("Run 'berthd --help' for usage.");
            return 2;
        }
        if (line.action() == CommandLine.Action.HELP) {
            System.out.print(CommandLine.usage());
            return 0;
        }
        if (line.action() == CommandLine.Action.VERSION) {
            BuildInfo build = BuildInfo.ofLauncherJar();
            System.out.println("berthd " + build.version() + " " + build.revision());
            return 0;
        }
        String home = System.getProperty("berth.home");
        if (home == null) {
            System.err.println("berthd: the system property berth.home is not set (bin/berthd sets it)");
            return 1;
        }
        if (line.action() == CommandLine.Action.CONFIG_DEFAULT) {
            return printDefaultConfig(Path.of(home));
        }
        return runUntilStopped(line.options(Path.of(home), CommandLine.DEFAULT_CONFIG));
    }

    private static int printDefaultConfig(Path home) {
        try {
            System.out.print(DefaultConfigToml.render(MetatypeReader.read(home.resolve("bundle"))));
            return 0;
        } catch (IOException e) {
            System.err.println("berthd: cannot read the bundles' metatype: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Runs until SIGTERM or SIGINT, or until something else (the gogo shell) stops the framework,
     * then stops within the bound. The handlers are in place before the start, so a signal during
     * the start is not lost to the JVM's default (exit 143): the daemon stops once started.
     */
    private static int runUntilStopped(Options options) {
        CountDownLatch stopRequested = new CountDownLatch(1);
        Log log = Log.toStderr(options.logLevel());
        TerminationSignals.install(signal -> {
            log.info("received SIG" + signal + ", stopping");
            stopRequested.countDown();
        }, log);
        Berthd daemon;
        try {
            daemon = start(options);
        } catch (LauncherException e) {
            System.err.println("berthd: " + e.getMessage());
            return 1;
        }
        Thread watch = new Thread(() -> {
            awaitStop(daemon.framework);
            stopRequested.countDown();
        }, "berthd-framework-watch");
        watch.setDaemon(true);
        watch.start();
        awaitStop(stopRequested);
        daemon.stop();
        return daemon.stopped() ? 0 : 1;
    }

    private static void awaitStop(Framework framework) {
        try {
            framework.waitForStop(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitStop(CountDownLatch stopRequested) {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            // Nobody interrupts the main thread; should it happen, stopping is the way out.
            Thread.currentThread().interrupt();
        }
    }
}
