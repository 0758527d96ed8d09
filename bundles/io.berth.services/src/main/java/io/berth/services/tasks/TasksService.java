package io.berth.services.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import com.google.protobuf.Empty;

import io.berth.api.content.ContentStore;
import io.berth.api.daemon.Daemon;
import io.berth.api.diff.LayerApplier;
import io.berth.api.diff.LayerDiffer;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.events.EventPublisher;
import io.berth.api.metadata.Container;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.TypedValue;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.api.runtime.CreateTaskOptions;
import io.berth.api.runtime.Exit;
import io.berth.api.runtime.ProcessStatus;
import io.berth.api.runtime.Task;
import io.berth.api.runtime.TaskManager;
import io.berth.filters.Filter;
import io.berth.filters.Filters;
import io.berth.grpc.RequestContext;
import io.berth.proto.containerd.services.tasks.v1.CheckpointTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.CheckpointTaskResponse;
import io.berth.proto.containerd.services.tasks.v1.CloseIORequest;
import io.berth.proto.containerd.services.tasks.v1.CreateTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.CreateTaskResponse;
import io.berth.proto.containerd.services.tasks.v1.DeleteProcessRequest;
import io.berth.proto.containerd.services.tasks.v1.DeleteResponse;
import io.berth.proto.containerd.services.tasks.v1.DeleteTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.ExecProcessRequest;
import io.berth.proto.containerd.services.tasks.v1.GetRequest;
import io.berth.proto.containerd.services.tasks.v1.GetResponse;
import io.berth.proto.containerd.services.tasks.v1.KillRequest;
import io.berth.proto.containerd.services.tasks.v1.ListPidsRequest;
import io.berth.proto.containerd.services.tasks.v1.ListPidsResponse;
import io.berth.proto.containerd.services.tasks.v1.ListTasksRequest;
import io.berth.proto.containerd.services.tasks.v1.ListTasksResponse;
import io.berth.proto.containerd.services.tasks.v1.MetricsRequest;
import io.berth.proto.containerd.services.tasks.v1.MetricsResponse;
import io.berth.proto.containerd.services.tasks.v1.PauseTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.ResizePtyRequest;
import io.berth.proto.containerd.services.tasks.v1.ResumeTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.StartRequest;
import io.berth.proto.containerd.services.tasks.v1.StartResponse;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.services.tasks.v1.UpdateTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.WaitRequest;
import io.berth.proto.containerd.services.tasks.v1.WaitResponse;
import io.berth.proto.containerd.types.Descriptor;
import io.berth.proto.containerd.types.Metric;
import io.berth.services.content.NamespacedContent;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/**
 * containerd's {@code tasks.v1.Tasks} on the task runtime: a task is created from its container's record (spec,
 * runtime and runtime options) plus the root filesystem mounts and standard streams the client sends, or restored
 * from a checkpoint blob; every other call goes to the task's shim. A checkpoint is written by the shim into a
 * directory and kept, as containerd keeps it, as blobs of the namespace's content. The shims publish the task
 * events.
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=tasks",
})
public final class TasksService extends TasksGrpc.TasksImplBase {
    private final MetadataStore metadata;
    private final TaskManager tasks;
    private final TaskCheckpoints checkpoints;
    private final Logger log;

    @Activate
    public TasksService(@Reference MetadataStore metadata, @Reference TaskManager tasks,
                        @Reference ContentStore store, @Reference EventPublisher events,
                        @Reference LayerDiffer differ, @Reference LayerApplier applier, @Reference Daemon daemon,
                        @Reference(service = LoggerFactory.class) Logger log)
            throws IOException {
        this.metadata = metadata;
        this.tasks = tasks;
        this.log = log;
        this.checkpoints = new TaskCheckpoints(new NamespacedContent(store, metadata, events), store, differ,
                applier, daemon.pluginState(PluginType.GRPC, "tasks"));
    }

    @Override
    public void create(CreateTaskRequest request, StreamObserver<CreateTaskResponse> response) {
        String namespace = RequestContext.namespace();
        Container container = container(namespace, request.getContainerId());
        if (container.spec() == null) {
            throw BerthException.failedPrecondition("container %s has no spec", container.id());
        }
        String runtime = request.getRuntimePath().isEmpty() ? container.runtimeName() : request.getRuntimePath();
        Path restore = request.hasCheckpoint() && !request.getCheckpoint().getDigest().isEmpty()
                ? checkpoints.unpack(namespace, request.getCheckpoint()) : null;
        Task task;
        try {
            task = tasks.create(namespace, container.id(), new CreateTaskOptions(runtime, container.spec(),
                    request.getRootfsList().stream().map(TaskMessages::mount).toList(),
                    TaskMessages.stdio(request.getStdin(), request.getStdout(), request.getStderr(),
                            request.getTerminal()),
                    container.runtimeOptions(), TaskMessages.typedValue(request.hasOptions(), request.getOptions()),
                    restore));
        } finally {
            // The task manager took the directory over unless the create failed before it could.
            if (restore != null) {
                checkpoints.remove(restore);
            }
        }
        reply(response, CreateTaskResponse.newBuilder().setContainerId(task.id()).setPid(task.pid()).build());
    }

    @Override
    public void start(StartRequest request, StreamObserver<StartResponse> response) {
        int pid = task(request.getContainerId()).start(request.getExecId());
        reply(response, StartResponse.newBuilder().setPid(pid).build());
    }

    @Override
    public void delete(DeleteTaskRequest request, StreamObserver<DeleteResponse> response) {
        Exit exit = task(request.getContainerId()).delete();
        reply(response, TaskMessages.deleted(exit));
    }

    @Override
    public void deleteProcess(DeleteProcessRequest request, StreamObserver<DeleteResponse> response) {
        String execId = execId(request.getExecId());
        Exit exit = task(request.getContainerId()).deleteProcess(execId);
        reply(response, TaskMessages.deleted(execId, exit));
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
        Task task = task(request.getContainerId());
        reply(response, GetResponse.newBuilder()
                .setProcess(TaskMessages.process(task.state(request.getExecId()))).build());
    }

    @Override
    public void list(ListTasksRequest request, StreamObserver<ListTasksResponse> response) {
        ListTasksResponse.Builder answer = ListTasksResponse.newBuilder();
        for (Task task : tasks.list(RequestContext.namespace())) {
            try {
                answer.addTasks(TaskMessages.process(task.state("")));
            } catch (BerthException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        reply(response, answer.build());
    }

    @Override
    public void kill(KillRequest request, StreamObserver<Empty> response) {
        task(request.getContainerId()).kill(request.getExecId(), request.getSignal(), request.getAll());
        reply(response, Empty.getDefaultInstance());
    }

    @Override
    public void exec(ExecProcessRequest request, StreamObserver<Empty> response) {
        String execId = execId(request.getExecId());
        TypedValue spec = TaskMessages.typedValue(request.hasSpec(), request.getSpec());
        if (spec == null) {
            throw BerthException.invalidArgument("exec %s: a process spec is required", execId);
        }
        task(request.getContainerId()).exec(execId, TaskMessages.stdio(request.getStdin(), request.getStdout(),
                request.getStderr(), request.getTerminal()), spec);
        reply(response, Empty.getDefaultInstance());
    }

    @Override
    public void resizePty(ResizePtyRequest request, StreamObserver<Empty> response) {
        task(request.getContainerId()).resizePty(request.getExecId(), request.getWidth(), request.getHeight());
        reply(response, Empty.getDefaultInstance());
    }

    @Override
    public void closeIO(CloseIORequest request, StreamObserver<Empty> response) {
        if (request.getStdin()) {
            task(request.getContainerId()).closeStdin(request.getExecId());
        }
        reply(response, Empty.getDefaultInstance());
    }

    @Override
    public void pause(PauseTaskRequest request, StreamObserver<Empty> response) {
        task(request.getContainerId()).pause();
        reply(response, Empty.getDefaultInstance());
    }

    @Override
    public void resume(ResumeTaskRequest request, StreamObserver<Empty> response) {
        task(request.getContainerId()).resume();
        reply(response, Empty.getDefaultInstance());
    }

    @Override
    public void listPids(ListPidsRequest request, StreamObserver<ListPidsResponse> response) {
        ListPidsResponse.Builder answer = ListPidsResponse.newBuilder();
        task(request.getContainerId()).pids().forEach(info -> answer.addProcesses(TaskMessages.processInfo(info)));
        reply(response, answer.build());
    }

    /**
     * As containerd does: with an image path in the options the shim writes the checkpoint there and nothing is
     * kept; otherwise it writes into a directory of the service's that becomes blobs under the request's lease.
     */
    @Override
    public void checkpoint(CheckpointTaskRequest request, StreamObserver<CheckpointTaskResponse> response) {
        String namespace = RequestContext.namespace();
        Container container = container(namespace, request.getContainerId());
        Task task = tasks.get(namespace, container.id());
        ProcessStatus status = task.state("").status();
        if (status != ProcessStatus.RUNNING && status != ProcessStatus.PAUSED) {
            throw BerthException.failedPrecondition("task %s is %s: only a running or paused task can be "
                    + "checkpointed", task.id(), status.name().toLowerCase(Locale.ROOT));
        }
        TypedValue options = TaskMessages.typedValue(request.hasOptions(), request.getOptions());
        Optional<Path> imagePath = CheckpointOptionsReader.imagePath(options);
        if (imagePath.isPresent()) {
            task.checkpoint(imagePath.get(), options);
            reply(response, CheckpointTaskResponse.getDefaultInstance());
            return;
        }
        Path images = checkpoints.newDirectory("checkpoint-");
        List<Descriptor> written;
        try {
            task.checkpoint(images, options);
            written = checkpoints.store(namespace, RequestContext.lease(), images, container.spec());
        } finally {
            checkpoints.remove(images);
        }
        reply(response, CheckpointTaskResponse.newBuilder().addAllDescriptors(written).build());
    }

    @Override
    public void update(UpdateTaskRequest request, StreamObserver<Empty> response) {
        task(request.getContainerId()).update(TaskMessages.typedValue(request.hasResources(), request.getResources()),
                request.getAnnotationsMap());
        reply(response, Empty.getDefaultInstance());
    }

    @Override
    public void metrics(MetricsRequest request, StreamObserver<MetricsResponse> response) {
        String namespace = RequestContext.namespace();
        Filter filter = Filters.parseAll(request.getFiltersList());
        MetricsResponse.Builder answer = MetricsResponse.newBuilder();
        for (Task task : tasks.list(namespace)) {
            if (filter.match(TaskMessages.fields(namespace, task.id()))) {
                measure(task).ifPresent(answer::addMetrics);
            }
        }
        reply(response, answer.build());
    }

    /**
     * The task's metrics, stamped when asked for; empty when its runtime cannot measure it (stopped, its cgroup or
     * its shim gone), which, as in containerd, leaves the task out rather than failing the others' answer. Only a
     * failure other than NOT_FOUND is worth a log line.
     */
    private Optional<Metric> measure(Task task) {
        Metric.Builder metric = Metric.newBuilder().setTimestamp(TaskMessages.now()).setId(task.id());
        try {
            return Optional.of(metric.setData(TaskMessages.any(task.stats())).build());
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                log.error("collecting metrics for task {} in namespace {}: {}", task.id(), task.namespace(),
                        e.getMessage());
            }
        } catch (RuntimeException e) {
            log.error("collecting metrics for task {} in namespace {}", task.id(), task.namespace(), e);
        }
        return Optional.empty();
    }

    @Override
    public void wait(WaitRequest request, StreamObserver<WaitResponse> response) {
        Exit exit = task(request.getContainerId()).waitFor(request.getExecId());
        WaitResponse.Builder answer = WaitResponse.newBuilder().setExitStatus(exit.status());
        TaskMessages.exitedAt(exit).ifPresent(answer::setExitedAt);
        reply(response, answer.build());
    }

    private Container container(String namespace, String containerId) {
        if (containerId.isEmpty()) {
            throw BerthException.invalidArgument("container id must not be empty");
        }
        return metadata.read(tx -> tx.containers().get(namespace, containerId));
    }

    private Task task(String containerId) {
        if (containerId.isEmpty()) {
            throw BerthException.invalidArgument("container id must not be empty");
        }
        return tasks.get(RequestContext.namespace(), containerId);
    }

    private static String execId(String execId) {
        if (execId.isEmpty()) {
            throw BerthException.invalidArgument("exec id cannot be empty");
        }
        return execId;
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }
}
