package io.berth.cli.run;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.berth.cli.Berth;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.cli.containers.ContainerRemoval;
import io.berth.cli.stdio.FifoSet;
import io.berth.cli.stdio.ProcessStreams;
import io.berth.cli.stdio.Terminal;
import io.berth.cli.tasks.ForegroundProcess;
import io.berth.oci.Box;
import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.services.tasks.v1.CreateTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.DeleteTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.StartRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.types.Mount;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth run}: creates a container from an image and runs its task, as {@code ctr run} does. In the
 * foreground the task uses this program's streams (or its terminal, with -t), its exit status becomes this
 * program's and the task is deleted at the end; with --rm the container and its snapshot go too. With -d the
 * task is started with no streams and left running.
 */
@Command(name = "run", description = "Run a container from an image")
public final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--rm", description = "Remove the container and its snapshot when its task has exited")
    private boolean remove;

    @Option(names = {"-t", "--tty"}, description = "Give the task a terminal (this program's, in raw mode)")
    private boolean tty;

    @Option(names = {"-d", "--detach"}, description = "Start the task and return, leaving it running")
    private boolean detach;

    @Option(names = "--runtime", paramLabel = "NAME", defaultValue = "runc",
            description = "Runtime to run the task with: a name of the daemon's runtimes tables (built in: runc,"
                    + " crun), a runtime type such as io.containerd.runc.v2, or a shim's path (default: ${DEFAULT-VALUE})")
    private String runtime;

    @Option(names = "--snapshotter", paramLabel = "NAME", defaultValue = "${env:BERTH_SNAPSHOTTER:-overlayfs}",
            description = "Snapshotter of the root filesystem (env BERTH_SNAPSHOTTER, default: overlayfs)")
    private String snapshotter;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "Set an environment variable (repeatable)")
    private List<String> env = new ArrayList<>();

    @Option(names = "--fifo-dir", paramLabel = "DIR", description = "Where to make the stream pipes (default: /run/berth/fifo)")
    private Path fifoDir = FifoSet.DEFAULT_ROOT;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image to run, as pulled")
    private String image;

    @Parameters(index = "1", paramLabel = "ID", description = "Id of the new container")
    private String id;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "CMD",
            description = "Command and arguments instead of the image's entrypoint and command")
    private List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (detach && remove) {
            throw new CommandFailure("--rm and -d cannot be used together");
        }
        if (detach && tty) {
            throw new CommandFailure("-t and -d cannot be used together: a detached task has no terminal to use");
        }
        if (tty && !Terminal.isStandardInputATerminal()) {
            throw new CommandFailure("-t needs a terminal on standard input");
        }
        Berth berth = Berth.of(spec);
        RunSpec.validate(berth.namespace(), id);
        try (Daemon daemon = berth.connect()) {
            byte[] imageConfig = new ImageReader(daemon).configBlob(image);
            Container container = Container.newBuilder().setId(id).setImage(image)
                    .setRuntime(Container.Runtime.newBuilder().setName(runtime))
                    .setSnapshotter(snapshotter).setSnapshotKey(id).build();
            List<Mount> rootfs = NewContainer.create(daemon, berth.namespace(), container,
                    LayerChain.of(imageConfig).chainId(), mounts -> runtimeSpec(berth, imageConfig, mounts));
            if (detach) {
                createTask(daemon, rootfs, null);
                daemon.call("failed to start task " + id, TasksGrpc::newBlockingStub,
                        stub -> stub.start(StartRequest.newBuilder().setContainerId(id).build()));
                return 0;
            }
            try {
                return runInForeground(berth, daemon, rootfs);
            } finally {
                deleteTask(daemon);
                if (remove) {
                    ContainerRemoval.remove(daemon, id, false);
                }
            }
        }
    }

    private Any runtimeSpec(Berth berth, byte[] imageConfig, List<Mount> mounts) {
        try (RootfsView rootfs = RootfsView.of(mounts)) {
            Box consoleSize = tty ? RunSpec.callersConsoleSize() : null;
            byte[] json = RunSpec.assemble(berth.namespace(), id, imageConfig, command, env, tty, consoleSize,
                    rootfs.path());
            return Any.newBuilder().setTypeUrl(RunSpec.SPEC_TYPE).setValue(ByteString.copyFrom(json)).build();
        }
    }

    private int runInForeground(Berth berth, Daemon daemon, List<Mount> rootfs) throws InterruptedException {
        try (FifoSet fifos = FifoSet.create(fifoDir, id, tty); Terminal terminal = tty ? Terminal.raw() : null) {
            ForegroundProcess task = new ForegroundProcess(daemon, id, "");
            ProcessStreams streams = ProcessStreams.attach(fifos, System.in, berth.stdout(), berth.stderr(),
                    task::closeStdin);
            createTask(daemon, rootfs, fifos);
            return task.startAndWait(streams, terminal);
        }
    }

    /** @param fifos null for a task without streams */
    private void createTask(Daemon daemon, List<Mount> rootfs, FifoSet fifos) {
        CreateTaskRequest.Builder request = CreateTaskRequest.newBuilder().setContainerId(id).addAllRootfs(rootfs)
                .setTerminal(tty);
        if (fifos != null) {
            request.setStdin(fifos.stdinPath()).setStdout(fifos.stdoutPath()).setStderr(fifos.stderrPath());
        }
        daemon.call("failed to create task " + id, TasksGrpc::newBlockingStub, stub -> stub.create(request.build()));
    }

    /** Deletes the task once it has exited; there is none when it failed to be created. */
    private void deleteTask(Daemon daemon) {
        try {
            daemon.call("failed to delete task " + id, TasksGrpc::newBlockingStub,
                    stub -> stub.delete(DeleteTaskRequest.newBuilder().setContainerId(id).build()));
        } catch (CommandFailure failure) {
            if (failure.code() != Status.Code.NOT_FOUND) {
                throw failure;
            }
        }
    }
}
