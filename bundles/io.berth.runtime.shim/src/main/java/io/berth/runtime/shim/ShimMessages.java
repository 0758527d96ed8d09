package io.berth.runtime.shim;

import java.time.Instant;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

import io.berth.api.metadata.TypedValue;
import io.berth.api.runtime.Exit;
import io.berth.api.runtime.ProcessInfo;
import io.berth.api.runtime.ProcessState;
import io.berth.api.runtime.ProcessStatus;
import io.berth.api.runtime.Stdio;
import io.berth.api.snapshots.Mount;
import io.berth.proto.containerd.task.v2.DeleteResponse;
import io.berth.proto.containerd.task.v2.StateResponse;
import io.berth.proto.containerd.task.v2.WaitResponse;

/** Between the shim API's messages and the runtime API's values. */
final class ShimMessages {
    private ShimMessages() {
    }

    static Any any(TypedValue value) {
        return value == null ? Any.getDefaultInstance()
                : Any.newBuilder().setTypeUrl(value.typeUrl()).setValue(ByteString.copyFrom(value.value())).build();
    }

    static TypedValue typedValue(Any any) {
        return any.getTypeUrl().isEmpty() && any.getValue().isEmpty() ? null
                : new TypedValue(any.getTypeUrl(), any.getValue().toByteArray());
    }

    static io.berth.proto.containerd.types.Mount mount(Mount mount) {
        return io.berth.proto.containerd.types.Mount.newBuilder().setType(mount.type()).setSource(mount.source())
                .addAllOptions(mount.options()).build();
    }

    static Instant instant(Timestamp at) {
        return at.getSeconds() == 0 && at.getNanos() == 0 ? null : Instant.ofEpochSecond(at.getSeconds(), at.getNanos());
    }

    /** The state of the process asked for: runc's shim names it by its id alone, and leaves exec_id empty. */
    static ProcessState state(String containerId, String execId, StateResponse state) {
        return new ProcessState(containerId, execId, state.getPid(), status(state.getStatus()),
                new Stdio(state.getStdin(), state.getStdout(), state.getStderr(), state.getTerminal()),
                state.getExitStatus(), instant(state.getExitedAt()));
    }

    static ProcessStatus status(io.berth.proto.containerd.v1.types.Status status) {
        return switch (status) {
            case CREATED -> ProcessStatus.CREATED;
            case RUNNING -> ProcessStatus.RUNNING;
            case STOPPED -> ProcessStatus.STOPPED;
            case PAUSED -> ProcessStatus.PAUSED;
            case PAUSING -> ProcessStatus.PAUSING;
            default -> ProcessStatus.UNKNOWN;
        };
    }

    static ProcessInfo processInfo(io.berth.proto.containerd.v1.types.ProcessInfo info) {
        return new ProcessInfo(info.getPid(), info.hasInfo() ? typedValue(info.getInfo()) : null);
    }

    static Exit exit(DeleteResponse response) {
        return new Exit(response.getPid(), response.getExitStatus(), instant(response.getExitedAt()));
    }

    static Exit exit(int pid, WaitResponse response) {
        return new Exit(pid, response.getExitStatus(), instant(response.getExitedAt()));
    }
}
