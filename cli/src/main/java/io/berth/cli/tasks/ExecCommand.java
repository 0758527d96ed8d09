package io.berth.cli.tasks;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.berth.cli.Berth;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.cli.run.RunSpec;
import io.berth.cli.stdio.FifoSet;
import io.berth.cli.stdio.ProcessStreams;
import io.berth.cli.stdio.Terminal;
import io.berth.oci.Box;
import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.services.containers.v1.ContainersGrpc;
import io.berth.proto.containerd.services.containers.v1.GetContainerRequest;
import io.berth.proto.containerd.services.tasks.v1.DeleteProcessRequest;
import io.berth.proto.containerd.services.tasks.v1.ExecProcessRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth exec}: runs another process in a container's running task, as {@code ctr task exec} does: the
 * container's process spec with the given command, attached to this program's streams; its exit status becomes
 * this program's.
 */
@Command(name = "exec", description = "Run a process in a container's running task")
public final class ExecCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-t", "--tty"}, description = "Give the process a terminal (this program's, in raw mode)")
    private boolean tty;

    @Option(names = "--exec-id", paramLabel = "ID", description = "Id of the process (default: a random one)")
    private String execId;

    @Option(names = "--cwd", paramLabel = "DIR", description = "Working directory (default: the container's)")
    private String cwd;

    @Option(names = "--fifo-dir", paramLabel = "DIR", description = "Where to make the stream pipes (default: /run/berth/fifo)")
    private Path fifoDir = FifoSet.DEFAULT_ROOT;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Id of the container")
    private String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments")
    private List<String> command;

    @Override
    public Integer call() throws InterruptedException {
        if (tty && !Terminal.isStandardInputATerminal()) {
            throw new CommandFailure("-t needs a terminal on standard input");
        }
        Berth berth = Berth.of(spec);
        String processId = execId != null ? execId : "exec-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Daemon daemon = berth.connect()) {
            Container container = daemon.call("failed to get container " + id, ContainersGrpc::newBlockingStub,
                    stub -> stub.get(GetContainerRequest.newBuilder().setId(id).build())).getContainer();
            Box consoleSize = tty ? RunSpec.callersConsoleSize() : null;
            String process = RunSpec.execProcess(container.getSpec().getValue().toString(StandardCharsets.UTF_8),
                    command, tty, consoleSize, cwd);
            try (FifoSet fifos = FifoSet.create(fifoDir, processId, tty);
                    Terminal terminal = tty ? Terminal.raw() : null) {
                ForegroundProcess foreground = new ForegroundProcess(daemon, id, processId);
                ProcessStreams streams = ProcessStreams.attach(fifos, System.in, berth.stdout(), berth.stderr(),
                        foreground::closeStdin);
                ExecProcessRequest request = ExecProcessRequest.newBuilder().setContainerId(id).setExecId(processId)
                        .setStdin(fifos.stdinPath()).setStdout(fifos.stdoutPath()).setStderr(fifos.stderrPath())
                        .setTerminal(tty).setSpec(Any.newBuilder().setTypeUrl(RunSpec.PROCESS_TYPE)
                                .setValue(ByteString.copyFromUtf8(process)))
                        .build();
                daemon.call("failed to exec in task " + id, TasksGrpc::newBlockingStub, stub -> stub.exec(request));
                try {
                    return foreground.startAndWait(streams, terminal);
                } finally {
                    DeleteProcessRequest delete = DeleteProcessRequest.newBuilder().setContainerId(id)
                            .setExecId(processId).build();
                    daemon.call("failed to delete process " + processId, TasksGrpc::newBlockingStub,
                            stub -> stub.deleteProcess(delete));
                }
            }
        }
    }
}
