package io.berth.runtime.shim;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import org.osgi.service.log.Logger;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.berth.api.events.EventPublisher;
import io.berth.proto.containerd.events.TaskDelete;
import io.berth.proto.containerd.events.TaskExit;
import io.berth.proto.containerd.task.v2.DeleteResponse;

/**
 * What containerd does for a task whose shim died while the daemon was away: the shim binary's {@code delete}
 * cleans up the runtime's state, the bundle goes, and {@code /tasks/exit} and {@code /tasks/delete} report how the
 * task ended (exit status 255 when even that is unknown).
 */
final class DeadShims {
    private static final int UNKNOWN_EXIT = 255;

    private DeadShims() {
    }

    static void cleanUp(ShimBundle bundle, Optional<ShimCommand> command, EventPublisher events, Logger log)
            throws IOException {
        DeleteResponse deleted = null;
        if (command.isPresent()) {
            try {
                deleted = DeleteResponse.parseFrom(command.get().delete(bundle.id(), bundle.path()));
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                log.warn("shim delete of task {} in namespace {} failed: {}", bundle.id(), bundle.namespace(),
                        e.getMessage());
            }
        }
        bundle.address().ifPresent(ShimSockets::removeIfDead);
        bundle.delete();
        int pid = deleted == null ? 0 : deleted.getPid();
        int status = deleted == null ? UNKNOWN_EXIT : deleted.getExitStatus();
        Timestamp exitedAt = deleted != null && deleted.hasExitedAt() ? deleted.getExitedAt() : now();
        publish(events, bundle.namespace(), "/tasks/exit", TaskExit.newBuilder().setContainerId(bundle.id())
                .setId(bundle.id()).setPid(pid).setExitStatus(status).setExitedAt(exitedAt).build());
        publish(events, bundle.namespace(), "/tasks/delete", TaskDelete.newBuilder().setContainerId(bundle.id())
                .setPid(pid).setExitStatus(status).setExitedAt(exitedAt).build());
        log.info("task {} in namespace {} lost its shim; cleaned up, exit status {}", bundle.id(), bundle.namespace(),
                status);
    }

    private static void publish(EventPublisher events, String namespace, String topic, Message event) {
        events.publish(namespace, topic, event.getDescriptorForType().getFullName(), event.toByteArray());
    }

    private static Timestamp now() {
        Instant now = Instant.now();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }
}
