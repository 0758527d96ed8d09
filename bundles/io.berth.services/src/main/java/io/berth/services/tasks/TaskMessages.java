package io.berth.services.tasks;

import java.time.Instant;
import java.util.Optional;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

import io.berth.api.metadata.TypedValue;
import io.berth.api.runtime.Exit;
import io.berth.api.runtime.ProcessInfo;
import io.berth.api.runtime.ProcessState;
import io.berth.api.runtime.Stdio;
import io.berth.api.snapshots.Mount;
import io.berth.filters.Adaptor;
import io.berth.proto.containerd.services.tasks.v1.DeleteResponse;
import io.berth.proto.containerd.v1.types.Process;
import io.berth.proto.containerd.v1.types.Status;
import io.berth.services.Timestamps;

/** Between the runtime API's values and containerd's task messages. */
final class TaskMessages {
    private TaskMessages() {
    }

    static Mount mount(io.berth.proto.containerd.types.Mount mount) {
        return new Mount(mount.getType(), mount.getSource(), mount.getOptionsList());
    }

    static Stdio stdio(String stdin, String stdout, String stderr, boolean terminal) {
        return new Stdio(stdin, stdout, stderr, terminal);
    }

    /** An {@code Any} the client sent; null when it sent none. */
    static TypedValue typedValue(boolean present, Any any) {
        return present && !any.getTypeUrl().isEmpty()
                ? new TypedValue(any.getTypeUrl(), any.getValue().toByteArray()) : null;
    }

    static Any any(TypedValue value) {
        return value == null ? Any.getDefaultInstance()
                : Any.newBuilder().setTypeUrl(value.typeUrl()).setValue(ByteString.copyFrom(value.value())).build();
    }

    static Process process(ProcessState state) {
        // containerd names the process by its id alone: the container's for a task, the exec id for an exec.
        Process.Builder process = Process.newBuilder()
                .setId(state.execId().isEmpty() ? state.containerId() : state.execId())
                .setPid(state.pid())
                .setStatus(Status.valueOf(state.status().name()))
                .setStdin(state.stdio().stdin())
                .setStdout(state.stdio().stdout())
                .setStderr(state.stdio().stderr())
                .setTerminal(state.stdio().terminal())
                .setExitStatus(state.exitStatus());
        if (state.exitedAt() != null) {
            process.setExitedAt(Timestamps.of(state.exitedAt()));
        }
        return process.build();
    }

    static io.berth.proto.containerd.v1.types.ProcessInfo processInfo(ProcessInfo info) {
        io.berth.proto.containerd.v1.types.ProcessInfo.Builder proto =
                io.berth.proto.containerd.v1.types.ProcessInfo.newBuilder().setPid(info.pid());
        if (info.info() != null) {
            proto.setInfo(any(info.info()));
        }
        return proto.build();
    }

    /** A task's deletion, which containerd answers without an id. */
    static DeleteResponse deleted(Exit exit) {
        DeleteResponse.Builder response = DeleteResponse.newBuilder().setPid(exit.pid()).setExitStatus(exit.status());
        exitedAt(exit).ifPresent(response::setExitedAt);
        return response.build();
    }

    /** An exec process's deletion, named by its exec id. */
    static DeleteResponse deleted(String execId, Exit exit) {
        return deleted(exit).toBuilder().setId(execId).build();
    }

    static Optional<Timestamp> exitedAt(Exit exit) {
        return Optional.ofNullable(exit.exitedAt()).map(Timestamps::of);
    }

    /** The fields Metrics filters read: {@code id} and {@code namespace}. */
    static Adaptor fields(String namespace, String id) {
        return path -> path.size() != 1 ? Optional.empty() : switch (path.getFirst()) {
            case "id" -> Optional.of(id);
            case "namespace" -> Optional.of(namespace);
            default -> Optional.empty();
        };
    }

    static Timestamp now() {
        return Timestamps.of(Instant.now());
    }
}
