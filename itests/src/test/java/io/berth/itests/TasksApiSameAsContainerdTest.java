package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;

import io.berth.itests.support.ApiAnswers;
import io.berth.itests.support.ContainerdProcess;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.Daemon;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Leftovers;
import io.berth.itests.support.Namespaced;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestRegistry;
import io.berth.proto.containerd.services.tasks.v1.CloseIORequest;
import io.berth.proto.containerd.services.tasks.v1.DeleteProcessRequest;
import io.berth.proto.containerd.services.tasks.v1.DeleteTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.ExecProcessRequest;
import io.berth.proto.containerd.services.tasks.v1.GetRequest;
import io.berth.proto.containerd.services.tasks.v1.KillRequest;
import io.berth.proto.containerd.services.tasks.v1.ListPidsRequest;
import io.berth.proto.containerd.services.tasks.v1.ListPidsResponse;
import io.berth.proto.containerd.services.tasks.v1.MetricsRequest;
import io.berth.proto.containerd.services.tasks.v1.MetricsResponse;
import io.berth.proto.containerd.services.tasks.v1.PauseTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.ResizePtyRequest;
import io.berth.proto.containerd.services.tasks.v1.ResumeTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.StartRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.services.tasks.v1.UpdateTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.WaitRequest;

/**
 * containerd's Tasks API, called on a running task as its Go client calls it, answers the same from Debian's
 * containerd and from berthd: an exec's whole life (exec, start, the processes, kill, wait, delete), pause and
 * resume, an update of the resources, metrics, the task's end and deletion, and the refusals on the way. The task is
 * started with ctr, as the API's Create wants what only a client makes: the spec, the rootfs mounts, the FIFOs.
 */
class TasksApiSameAsContainerdTest {
    private static final String ID = "t1";
    /** An exec's process, in the spec's JSON as containerd's client sends it. */
    private static final Any SLEEP = spec("Process", """
            {"args":["sleep","1000"],"env":["PATH=/bin"],"cwd":"/","user":{"uid":0,"gid":0}}""");
    private static final Any FEWER_SHARES = spec("LinuxResources", """
            {"cpu":{"shares":512}}""");

    @TempDir
    Path dir;

    private static Any spec(String type, String json) {
        return Any.newBuilder().setTypeUrl("types.containerd.io/opencontainers/runtime-spec/1/" + type)
                .setValue(ByteString.copyFrom(json, StandardCharsets.UTF_8)).build();
    }

    @Test
    void theTasksApiAnswersAsContainerdsDoes() throws Exception {
        ContainerdProcess.assumeTasksRun();
        try (TestRegistry registry = TestRegistry.start()) {
            String image = TestImages.pushSmall(registry, "berth/tasks", "v1").reference();
            Map<String, String> fromContainerd;
            try (ContainerdProcess containerd = ContainerdProcess.start(dir.resolve("containerd"))) {
                fromContainerd = calls(containerd, image);
            }
            Map<String, String> fromBerthd;
            try (DaemonProcess berthd = DaemonProcess.start(dir.resolve("berthd"), "")) {
                fromBerthd = calls(berthd, image);
            }
            List<String> differences = new ArrayList<>();
            fromContainerd.forEach((label, answer) -> {
                if (!answer.equals(fromBerthd.get(label))) {
                    differences.add(label + "\n  containerd: " + answer + "\n  berthd:     " + fromBerthd.get(label));
                }
            });
            assertEquals(List.of(), differences, String.join("\n", differences));
        }
    }

    /** Every call in turn, by its label, with what it answered, pids and times masked. */
    private static Map<String, String> calls(Daemon daemon, String image) throws Exception {
        Ctr ctr = new Ctr(daemon.socket());
        ctr.run("images", "pull", "--plain-http", image).expectSuccess();
        ctr.run("run", "-d", "--null-io", image, ID, "sleep", "1000").expectSuccess();
        var tasks = Namespaced.stub(TasksGrpc.newBlockingStub(daemon.channel()), "default");
        Map<String, String> answers = new LinkedHashMap<>();
        try {
            call(answers, "get", () -> tasks.get(GetRequest.newBuilder().setContainerId(ID).build()));
            call(answers, "get of a missing exec", () -> tasks.get(GetRequest.newBuilder().setContainerId(ID)
                    .setExecId("nope").build()));
            call(answers, "exec without an id", () -> tasks.exec(exec("")));
            call(answers, "exec", () -> tasks.exec(exec("e1")));
            call(answers, "exec of an id in use", () -> tasks.exec(exec("e1")));
            call(answers, "get of the exec made", () -> tasks.get(GetRequest.newBuilder().setContainerId(ID)
                    .setExecId("e1").build()));
            call(answers, "start of the exec", () -> tasks.start(StartRequest.newBuilder().setContainerId(ID)
                    .setExecId("e1").build()));
            call(answers, "start of the exec again", () -> tasks.start(StartRequest.newBuilder().setContainerId(ID)
                    .setExecId("e1").build()));
            call(answers, "pids", () -> sorted(tasks.listPids(ListPidsRequest.newBuilder().setContainerId(ID)
                    .build())));
            call(answers, "resize without a terminal", () -> tasks.resizePty(ResizePtyRequest.newBuilder()
                    .setContainerId(ID).setWidth(80).setHeight(24).build()));
            call(answers, "close of stdin", () -> tasks.closeIO(CloseIORequest.newBuilder().setContainerId(ID)
                    .setStdin(true).build()));
            call(answers, "update", () -> tasks.update(UpdateTaskRequest.newBuilder().setContainerId(ID)
                    .setResources(FEWER_SHARES).build()));
            call(answers, "metrics", () -> withoutData(tasks.metrics(MetricsRequest.newBuilder()
                    .addFilters("id==" + ID).build())));
            call(answers, "pause", () -> tasks.pause(PauseTaskRequest.newBuilder().setContainerId(ID).build()));
            call(answers, "get when paused", () -> tasks.get(GetRequest.newBuilder().setContainerId(ID).build()));
            call(answers, "resume", () -> tasks.resume(ResumeTaskRequest.newBuilder().setContainerId(ID).build()));
            call(answers, "delete of the running exec", () -> tasks.deleteProcess(DeleteProcessRequest.newBuilder()
                    .setContainerId(ID).setExecId("e1").build()));
            call(answers, "kill of the exec", () -> tasks.kill(KillRequest.newBuilder().setContainerId(ID)
                    .setExecId("e1").setSignal(9).build()));
            call(answers, "wait for the exec", () -> tasks.wait(WaitRequest.newBuilder().setContainerId(ID)
                    .setExecId("e1").build()));
            call(answers, "get of the exec ended", () -> tasks.get(GetRequest.newBuilder().setContainerId(ID)
                    .setExecId("e1").build()));
            call(answers, "delete of the exec", () -> tasks.deleteProcess(DeleteProcessRequest.newBuilder()
                    .setContainerId(ID).setExecId("e1").build()));
            call(answers, "delete of the exec again", () -> tasks.deleteProcess(DeleteProcessRequest.newBuilder()
                    .setContainerId(ID).setExecId("e1").build()));
            call(answers, "delete of the running task", () -> tasks.delete(DeleteTaskRequest.newBuilder()
                    .setContainerId(ID).build()));
            call(answers, "kill of all", () -> tasks.kill(KillRequest.newBuilder().setContainerId(ID).setSignal(9)
                    .setAll(true).build()));
            call(answers, "wait", () -> tasks.wait(WaitRequest.newBuilder().setContainerId(ID).build()));
            call(answers, "kill of the ended task", () -> tasks.kill(KillRequest.newBuilder().setContainerId(ID)
                    .setSignal(9).build()));
            call(answers, "delete", () -> tasks.delete(DeleteTaskRequest.newBuilder().setContainerId(ID).build()));
            call(answers, "get after the delete", () -> tasks.get(GetRequest.newBuilder().setContainerId(ID)
                    .build()));
        } finally {
            ctr.removeContainer(ID);
        }
        Leftovers.assertNone(daemon);
        return answers;
    }

    private static void call(Map<String, String> answers, String label, Callable<? extends Message> call) {
        answers.put(label, ApiAnswers.ofProcesses(call));
    }

    private static ExecProcessRequest exec(String execId) {
        return ExecProcessRequest.newBuilder().setContainerId(ID).setExecId(execId).setSpec(SLEEP).build();
    }

    /** The processes in the order of their text once pids are masked: each daemon lists them in the shim's order. */
    private static Message sorted(ListPidsResponse pids) {
        return ListPidsResponse.newBuilder().addAllProcesses(pids.getProcessesList().stream()
                .sorted(Comparator.comparing(p -> p.getInfo().getTypeUrl())).toList()).build();
    }

    /** The metrics' ids and types: their values are the cgroup's counters at that moment. */
    private static Message withoutData(MetricsResponse metrics) {
        MetricsResponse.Builder kept = MetricsResponse.newBuilder();
        metrics.getMetricsList().forEach(metric -> kept.addMetrics(metric.toBuilder().clearTimestamp()
                .setData(Any.newBuilder().setTypeUrl(metric.getData().getTypeUrl()))));
        return kept.build();
    }
}
