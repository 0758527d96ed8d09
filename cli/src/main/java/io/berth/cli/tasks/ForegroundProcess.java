package io.berth.cli.tasks;

import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.cli.stdio.ProcessStreams;
import io.berth.cli.stdio.Terminal;
import io.berth.proto.containerd.services.tasks.v1.CloseIORequest;
import io.berth.proto.containerd.services.tasks.v1.KillRequest;
import io.berth.proto.containerd.services.tasks.v1.ResizePtyRequest;
import io.berth.proto.containerd.services.tasks.v1.StartRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.services.tasks.v1.WaitRequest;

/**
 * A created process run in the foreground, as ctr runs one: started, its terminal's size kept in step (or,
 * without a terminal, this program's signals passed on to it), waited for, and its output copied to the end
 * before its exit status is returned.
 */
public final class ForegroundProcess {
    private final Daemon daemon;
    private final String containerId;
    private final String execId;

    /** @param execId empty for the task's own process */
    public ForegroundProcess(Daemon daemon, String containerId, String execId) {
        this.daemon = daemon;
        this.containerId = containerId;
        this.execId = execId;
    }

    /** Tells the process its input has ended; a process that has already gone needs no telling. */
    public void closeStdin() {
        CloseIORequest request = CloseIORequest.newBuilder().setContainerId(containerId).setExecId(execId)
                .setStdin(true).build();
        try {
            daemon.call("close the input of " + name(), TasksGrpc::newBlockingStub, stub -> stub.closeIO(request));
        } catch (CommandFailure ended) {
            // The process exited first: its input is closed with it.
        }
    }

    /** @param terminal the raw terminal the process uses, or null when it has none */
    public int startAndWait(ProcessStreams streams, Terminal terminal) throws InterruptedException {
        if (terminal == null) {
            // Before the start, so that a signal is never lost between the process starting and this program
            // listening.
            SignalForwarding.start(this::kill);
        }
        StartRequest start = StartRequest.newBuilder().setContainerId(containerId).setExecId(execId).build();
        daemon.call("failed to start " + name(), TasksGrpc::newBlockingStub, stub -> stub.start(start));
        if (terminal != null) {
            // The spec gave the process the terminal's size at its start; this follows later changes.
            terminal.onResize(this::resize);
        }
        WaitRequest wait = WaitRequest.newBuilder().setContainerId(containerId).setExecId(execId).build();
        int exitStatus = daemon.stream("failed to wait for " + name(), TasksGrpc::newBlockingStub,
                stub -> stub.wait(wait)).getExitStatus();
        streams.awaitOutput();
        return exitStatus;
    }

    private void kill(int signal) {
        KillRequest request = KillRequest.newBuilder().setContainerId(containerId).setExecId(execId)
                .setSignal(signal).build();
        try {
            daemon.call("signal " + name(), TasksGrpc::newBlockingStub, stub -> stub.kill(request));
        } catch (CommandFailure ended) {
            // The process exited before the signal reached it.
        }
    }

    private void resize(Terminal.Size size) {
        ResizePtyRequest request = ResizePtyRequest.newBuilder().setContainerId(containerId).setExecId(execId)
                .setWidth(size.width()).setHeight(size.height()).build();
        try {
            daemon.call("resize the terminal of " + name(), TasksGrpc::newBlockingStub,
                    stub -> stub.resizePty(request));
        } catch (CommandFailure ended) {
            // The process exited while the terminal changed: there is nothing left to resize.
        }
    }

    private String name() {
        return execId.isEmpty() ? "task " + containerId : "process " + execId + " of task " + containerId;
    }
}
