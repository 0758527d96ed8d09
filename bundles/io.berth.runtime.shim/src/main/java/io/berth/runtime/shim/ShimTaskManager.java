package io.berth.runtime.shim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import com.google.protobuf.Any;

import io.berth.api.daemon.Daemon;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.events.EventPublisher;
import io.berth.api.metadata.TypedValue;
import io.berth.api.plugin.Plugin;
import io.berth.api.runtime.CreateTaskOptions;
import io.berth.api.runtime.Runtimes;
import io.berth.api.runtime.Task;
import io.berth.api.runtime.TaskManager;
import io.berth.proto.containerd.task.v2.CreateTaskRequest;
import io.berth.proto.containerd.task.v2.CreateTaskResponse;

/**
 * containerd's shim v2 task runtime: each task gets a bundle under {@code <state>/io.containerd.runtime.v2.task}
 * and a shim started from its runtime's binary, which mounts the root filesystem, runs runc (or what the runtime
 * options name) and publishes the task's events to the daemon's ttrpc socket. The runc shim groups tasks itself:
 * for a spec whose annotations name a sandbox group with a running shim, {@code start} answers with that shim's
 * address, and the task is connected to it like any other. On start the manager reconnects to the shims of every
 * bundle left by the previous run, all at once, and cleans up after those that are gone.
 */
@Component(service = TaskManager.class, configurationPid = ShimTaskManager.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { Plugin.TYPE + "=" + TaskManager.PLUGIN_TYPE, Plugin.ID + "=" + TaskManager.PLUGIN_ID })
@Designate(ocd = ShimManagerConfig.class)
public final class ShimTaskManager implements TaskManager {
    static final String PID = TaskManager.PLUGIN_TYPE + "." + TaskManager.PLUGIN_ID;

    private record TaskKey(String namespace, String id) {
    }

    private final Logger log;
    private final EventPublisher events;
    private final Path stateRoot;
    private final Path workRoot;
    private final ShimBinaries binaries;
    private final CapabilityBound capabilities;
    private final String address;
    private final String publishBinary;
    private final Path runcRoot;
    private final Runtimes runtimes;
    private final ConcurrentMap<TaskKey, ShimTask> tasks = new ConcurrentHashMap<>();
    private final Set<TaskKey> creating = ConcurrentHashMap.newKeySet();
    private final ShimUsers users = new ShimUsers();
    /** Set while the manager stops: its shims' connections close then, and their tasks run on. */
    private volatile boolean stopping;

    @Activate
    public ShimTaskManager(@Reference(service = LoggerFactory.class) Logger log, @Reference Daemon daemon,
                           @Reference EventPublisher events, @Reference ShimEventsEndpoint endpoint,
                           @Reference Runtimes runtimes, BundleContext context, ShimManagerConfig config)
            throws IOException {
        this(log, events, daemon.pluginState(TaskManager.PLUGIN_TYPE, TaskManager.PLUGIN_ID),
                daemon.pluginRoot(TaskManager.PLUGIN_TYPE, TaskManager.PLUGIN_ID),
                ShimBinaries.searchPath(config.shim_search_path().isEmpty() ? System.getenv("PATH")
                        : config.shim_search_path()),
                endpoint.daemonAddress(), publishBinary(context.getProperty("berth.home")),
                config.runc_root().isEmpty() ? daemon.state().resolve("runc") : Path.of(config.runc_root()),
                Duration.ofMillis(config.reconnect_timeout_ms()), runtimes);
    }

    ShimTaskManager(Logger log, EventPublisher events, Path stateRoot, Path workRoot, List<Path> searchPath,
                    String address, String publishBinary, Path runcRoot, Duration reconnectTimeout,
                    Runtimes runtimes)
            throws IOException {
        this.log = log;
        this.events = events;
        this.stateRoot = stateRoot;
        this.workRoot = workRoot;
        this.binaries = new ShimBinaries(searchPath);
        this.capabilities = CapabilityBound.ofThisProcess();
        this.address = address;
        this.publishBinary = publishBinary;
        this.runcRoot = runcRoot;
        this.runtimes = runtimes;
        Files.createDirectories(stateRoot);
        Files.createDirectories(workRoot);
        reconnectAll(reconnectTimeout);
    }

    private static String publishBinary(String home) {
        return home == null ? "berthd" : Path.of(home, "bin", "berthd").toString();
    }

    @Override
    public Task create(String namespace, String id, CreateTaskOptions options) {
        ShimBundle bundle = ShimBundle.of(stateRoot, workRoot, namespace, id);
        RuntimeSelection runtime = RuntimeSelection.of(runtimes, options.runtime(), options.shimOptions());
        Path binary = binaries.resolve(runtime.type());
        capabilities.check(id, options.spec().value());
        TypedValue shimOptions = RuncOptions.withDefaultRoot(runtime.options(), binary, runcRoot);
        TaskKey key = new TaskKey(namespace, id);
        if (tasks.containsKey(key) || !creating.add(key)) {
            throw BerthException.alreadyExists("task %s: already exists", id);
        }
        try {
            bundle.create(options.spec().value());
            ShimTask task = startTask(bundle, command(binary, namespace), options, shimOptions);
            track(key, task);
            return task;
        } catch (IOException e) {
            throw new BerthException(ErrorKind.INTERNAL, "creating task " + id + ": " + e.getMessage(), e);
        } finally {
            creating.remove(key);
        }
    }

    /** @param given the options the shim reads at start and at create; null for none */
    private ShimTask startTask(ShimBundle bundle, ShimCommand command, CreateTaskOptions options, TypedValue given)
            throws IOException {
        Any shimOptions = ShimMessages.any(given);
        RunningShim shim;
        Optional<Path> checkpoint;
        try {
            checkpoint = options.checkpoint() == null ? Optional.empty()
                    : Optional.of(bundle.takeCheckpoint(options.checkpoint()));
            shim = RunningShim.start(bundle, command, given == null ? new byte[0] : shimOptions.toByteArray(),
                    logLines(bundle));
        } catch (IOException | RuntimeException e) {
            cleanUpDeadShim(bundle, command, e);
            throw e;
        }
        users.add(shim.socket());
        try {
            CreateTaskRequest.Builder request = CreateTaskRequest.newBuilder()
                    .setId(bundle.id())
                    .setBundle(bundle.path().toString())
                    .setTerminal(options.stdio().terminal())
                    .setStdin(options.stdio().stdin())
                    .setStdout(options.stdio().stdout())
                    .setStderr(options.stdio().stderr());
            options.rootfs().forEach(mount -> request.addRootfs(ShimMessages.mount(mount)));
            checkpoint.ifPresent(images -> request.setCheckpoint(images.toString()));
            if (given != null) {
                request.setOptions(shimOptions);
            }
            CreateTaskResponse created = create(shim, request.build());
            return new ShimTask(shim, created.getPid(), this::remove);
        } catch (RuntimeException e) {
            try {
                release(shim);
            } catch (RuntimeException shutdown) {
                e.addSuppressed(shutdown);
            }
            cleanUpDeadShim(bundle, command, e);
            throw e;
        }
    }

    /** The shim's refusal in containerd's words, which name the step that failed before the runtime's. */
    private static CreateTaskResponse create(RunningShim shim, CreateTaskRequest request) {
        try {
            return shim.client().call("Create", request, CreateTaskResponse.parser());
        } catch (BerthException refused) {
            throw refused.withContext("failed to create shim task");
        }
    }

    @Override
    public Optional<Task> find(String namespace, String id) {
        return Optional.ofNullable(tasks.get(new TaskKey(namespace, id)));
    }

    @Override
    public List<Task> list(String namespace) {
        return tasks.values().stream()
                .filter(task -> task.namespace().equals(namespace))
                .sorted(Comparator.comparing(ShimTask::id))
                .map(Task.class::cast)
                .toList();
    }

    /** After the shim deleted the task: the shim goes unless it serves other tasks of its group, then the bundle. */
    private void remove(ShimTask task) {
        tasks.remove(new TaskKey(task.namespace(), task.id()), task);
        try {
            release(task.shim());
        } catch (RuntimeException e) {
            log.warn("shim of task {} in namespace {} did not shut down: {}", task.id(), task.namespace(),
                    e.getMessage());
        }
        try {
            task.shim().bundle().delete();
        } catch (IOException e) {
            throw new BerthException(ErrorKind.INTERNAL, "removing bundle of task " + task.id() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Shuts a task's shim down when no other task uses it; otherwise lets go of this task's connection only. */
    private void release(RunningShim shim) {
        if (users.removeLast(shim.socket())) {
            shim.shutdown();
        } else {
            shim.detach();
        }
    }

    @Deactivate
    void deactivate() {
        stopping = true;
        tasks.values().forEach(task -> task.shim().detach());
        tasks.clear();
    }

    /** Keeps a task, and watches its shim: a shim that goes while its task is kept died. */
    private void track(TaskKey key, ShimTask task) {
        tasks.put(key, task);
        task.shim().client().onClose(() -> Thread.ofVirtual().name("shim-gone-" + key.id())
                .start(() -> shimGone(key, task)));
    }

    /** As containerd does for a shim that died: clean up after it and report its task's exit. */
    private void shimGone(TaskKey key, ShimTask task) {
        if (stopping || !tasks.remove(key, task)) {
            return;
        }
        log.warn("shim of task {} in namespace {} exited unexpectedly", key.id(), key.namespace());
        users.removeLast(task.shim().socket());
        task.shim().detach();
        ShimBundle bundle = task.shim().bundle();
        try {
            DeadShims.cleanUp(bundle, bundle.shimBinary().map(b -> command(b, bundle.namespace())), events, log);
        } catch (IOException | RuntimeException e) {
            log.warn("could not clean up task {} in namespace {}: {}", key.id(), key.namespace(), e.getMessage());
        }
    }

    private ShimCommand command(Path binary, String namespace) {
        return new ShimCommand(binary, namespace, address, address + ".ttrpc", publishBinary);
    }

    private Consumer<String> logLines(ShimBundle bundle) {
        return line -> {
            if (line.contains("level=error") || line.contains("level=warning") || line.contains("level=fatal")) {
                log.warn("shim {}/{}: {}", bundle.namespace(), bundle.id(), line);
            } else {
                log.debug("shim {}/{}: {}", bundle.namespace(), bundle.id(), line);
            }
        };
    }

    /** Finds every bundle's shim again, in parallel; the tasks of shims that are gone are cleaned up. */
    private void reconnectAll(Duration timeout) throws IOException {
        List<ShimBundle> bundles = existingBundles();
        if (bundles.isEmpty()) {
            return;
        }
        Queue<RunningShim> forgotten = new ConcurrentLinkedQueue<>();
        try (ExecutorService reconnecting = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ShimBundle bundle : bundles) {
                reconnecting.submit(() -> reconnect(bundle, timeout, forgotten));
            }
        }
        // Once every shim's tasks are counted, a forgotten task can tell whether its shim still serves others.
        forgotten.forEach(this::cleanUpForgotten);
        log.info("reconnected to {} of {} shims", tasks.size(), bundles.size());
    }

    /** @param forgotten collects the shims that answer but no longer have the bundle's task */
    private void reconnect(ShimBundle bundle, Duration timeout, Queue<RunningShim> forgotten) {
        try {
            Optional<RunningShim.Found> found = RunningShim.reconnect(bundle, timeout, logLines(bundle));
            if (found.isPresent()) {
                RunningShim shim = found.get().shim();
                users.add(shim.socket());
                if (found.get().taskPid() == 0) {
                    forgotten.add(shim);
                } else {
                    track(new TaskKey(bundle.namespace(), bundle.id()),
                            new ShimTask(shim, found.get().taskPid(), this::remove));
                }
                return;
            }
            Optional<Path> binary = bundle.shimBinary();
            DeadShims.cleanUp(bundle, binary.map(b -> command(b, bundle.namespace())), events, log);
        } catch (IOException | RuntimeException e) {
            log.warn("could not recover task {} in namespace {}: {}", bundle.id(), bundle.namespace(), e.getMessage());
        }
    }

    /**
     * A task its shim no longer has (deleted there just before the daemon went, or never created): cleaned up as
     * after a dead shim, while the shim itself goes only when no other task of its group uses it.
     */
    private void cleanUpForgotten(RunningShim shim) {
        ShimBundle bundle = shim.bundle();
        try {
            release(shim);
            DeadShims.cleanUp(bundle, bundle.shimBinary().map(b -> command(b, bundle.namespace())), events, log);
        } catch (IOException | RuntimeException e) {
            log.warn("could not clean up task {} in namespace {}: {}", bundle.id(), bundle.namespace(), e.getMessage());
        }
    }

    private List<ShimBundle> existingBundles() throws IOException {
        List<ShimBundle> bundles = new ArrayList<>();
        try (Stream<Path> namespaces = Files.list(stateRoot)) {
            for (Path namespace : namespaces.filter(Files::isDirectory).toList()) {
                try (Stream<Path> ids = Files.list(namespace)) {
                    for (Path id : ids.filter(Files::isDirectory).toList()) {
                        try {
                            bundles.add(ShimBundle.of(stateRoot, workRoot, namespace.getFileName().toString(),
                                    id.getFileName().toString()));
                        } catch (BerthException notOurs) {
                            log.warn("ignoring {}: not a task bundle ({})", id, notOurs.getMessage());
                        }
                    }
                }
            }
        }
        return bundles;
    }

    /**
     * After a shim that failed to start or create its task: the binary's {@code delete} removes what runc may
     * have left (a shim that died mid-create leaves a created container), a socket nothing serves goes, and so does
     * the bundle. What fails here is added to the failure the caller reports.
     */
    private void cleanUpDeadShim(ShimBundle bundle, ShimCommand command, Exception failure) {
        try {
            command.delete(bundle.id(), bundle.path());
        } catch (IOException | RuntimeException e) {
            log.debug("shim delete after a failed create of task {}: {}", bundle.id(), e.getMessage());
        }
        try {
            bundle.address().ifPresent(ShimSockets::removeIfDead);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        deleteBundle(bundle, failure);
    }

    private static void deleteBundle(ShimBundle bundle, Exception failure) {
        try {
            bundle.delete();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
