package io.berth.runtime.shim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.google.protobuf.Empty;

import io.berth.api.errors.BerthException;
import io.berth.api.metadata.TypedValue;
import io.berth.api.runtime.Exit;
import io.berth.api.runtime.ProcessInfo;
import io.berth.api.runtime.ProcessState;
import io.berth.api.runtime.Stdio;
import io.berth.api.runtime.Task;
import io.berth.proto.containerd.task.v2.CheckpointTaskRequest;
import io.berth.proto.containerd.task.v2.CloseIORequest;
import io.berth.proto.containerd.task.v2.DeleteRequest;
import io.berth.proto.containerd.task.v2.DeleteResponse;
import io.berth.proto.containerd.task.v2.ExecProcessRequest;
import io.berth.proto.containerd.task.v2.KillRequest;
import io.berth.proto.containerd.task.v2.PauseRequest;
import io.berth.proto.containerd.task.v2.PidsRequest;
import io.berth.proto.containerd.task.v2.PidsResponse;
import io.berth.proto.containerd.task.v2.ResizePtyRequest;
import io.berth.proto.containerd.task.v2.ResumeRequest;
import io.berth.proto.containerd.task.v2.StartRequest;
import io.berth.proto.containerd.task.v2.StartResponse;
import io.berth.proto.containerd.task.v2.StateRequest;
import io.berth.proto.containerd.task.v2.StateResponse;
import io.berth.proto.containerd.task.v2.StatsRequest;
import io.berth.proto.containerd.task.v2.StatsResponse;
import io.berth.proto.containerd.task.v2.UpdateTaskRequest;
import io.berth.proto.containerd.task.v2.WaitRequest;
import io.berth.proto.containerd.task.v2.WaitResponse;

/**
 * A task run by a shim: every call goes to the shim's task API; deleting it also ends the shim, unless the shim
 * still serves other tasks of the task's sandbox group.
 */
final class ShimTask implements Task {
    private final RunningShim shim;
    private final int pid;
    private final Consumer<ShimTask> removal;

    /** @param removal lets go of the shim and removes the bundle once the task is deleted */
    ShimTask(RunningShim shim, int pid, Consumer<ShimTask> removal) {
        this.shim = shim;
        this.pid = pid;
        this.removal = removal;
    }

    @Override
    public String id() {
        return shim.bundle().id();
    }

    @Override
    public String namespace() {
        return shim.bundle().namespace();
    }

    @Override
    public int pid() {
        return pid;
    }

    RunningShim shim() {
        return shim;
    }

    @Override
    public ProcessState state(String execId) {
        StateResponse state = client().call("State",
                StateRequest.newBuilder().setId(id()).setExecId(execId).build(), StateResponse.parser());
        return ShimMessages.state(id(), execId, state);
    }

    @Override
    public int start(String execId) {
        return client().call("Start", StartRequest.newBuilder().setId(id()).setExecId(execId).build(),
                StartResponse.parser()).getPid();
    }

    @Override
    public void kill(String execId, int signal, boolean all) {
        client().call("Kill", KillRequest.newBuilder().setId(id()).setExecId(execId).setSignal(signal).setAll(all)
                .build(), Empty.parser());
    }

    @Override
    public void exec(String execId, Stdio stdio, TypedValue spec) {
        client().call("Exec", ExecProcessRequest.newBuilder().setId(id()).setExecId(execId)
                .setTerminal(stdio.terminal()).setStdin(stdio.stdin()).setStdout(stdio.stdout())
                .setStderr(stdio.stderr()).setSpec(ShimMessages.any(spec)).build(), Empty.parser());
    }

    @Override
    public void resizePty(String execId, int width, int height) {
        client().call("ResizePty", ResizePtyRequest.newBuilder().setId(id()).setExecId(execId).setWidth(width)
                .setHeight(height).build(), Empty.parser());
    }

    @Override
    public void closeStdin(String execId) {
        client().call("CloseIO", CloseIORequest.newBuilder().setId(id()).setExecId(execId).setStdin(true).build(),
                Empty.parser());
    }

    @Override
    public void pause() {
        client().call("Pause", PauseRequest.newBuilder().setId(id()).build(), Empty.parser());
    }

    @Override
    public void resume() {
        client().call("Resume", ResumeRequest.newBuilder().setId(id()).build(), Empty.parser());
    }

    @Override
    public List<ProcessInfo> pids() {
        return client().call("Pids", PidsRequest.newBuilder().setId(id()).build(), PidsResponse.parser())
                .getProcessesList().stream().map(ShimMessages::processInfo).toList();
    }

    @Override
    public void checkpoint(Path imagePath, TypedValue options) {
        CheckpointTaskRequest.Builder request = CheckpointTaskRequest.newBuilder().setId(id())
                .setPath(imagePath.toString());
        if (options != null) {
            request.setOptions(ShimMessages.any(options));
        }
        client().call("Checkpoint", request.build(), Empty.parser());
    }

    @Override
    public void update(TypedValue resources, Map<String, String> annotations) {
        client().call("Update", UpdateTaskRequest.newBuilder().setId(id()).setResources(ShimMessages.any(resources))
                .putAllAnnotations(annotations).build(), Empty.parser());
    }

    @Override
    public Exit waitFor(String execId) {
        WaitResponse response = client().call("Wait", WaitRequest.newBuilder().setId(id()).setExecId(execId).build(),
                WaitResponse.parser());
        return ShimMessages.exit(execId.isEmpty() ? pid : 0, response);
    }

    @Override
    public TypedValue stats() {
        return ShimMessages.typedValue(client().call("Stats", StatsRequest.newBuilder().setId(id()).build(),
                StatsResponse.parser(), Duration.ofSeconds(30)).getStats());
    }

    @Override
    public Exit deleteProcess(String execId) {
        return ShimMessages.exit(client().call("Delete", DeleteRequest.newBuilder().setId(id()).setExecId(execId)
                .build(), DeleteResponse.parser()));
    }

    @Override
    public Exit delete() {
        Exit exit;
        try {
            exit = ShimMessages.exit(client().call("Delete", DeleteRequest.newBuilder().setId(id()).build(),
                    DeleteResponse.parser()));
        } catch (BerthException refused) {
            // containerd's task manager words the shim's refusal so.
            throw refused.withContext("failed to delete task");
        }
        removal.accept(this);
        return exit;
    }

    private ShimClient client() {
        return shim.client();
    }
}
