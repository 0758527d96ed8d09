package io.berth.itests.support;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.google.protobuf.Empty;

import io.berth.proto.containerd.services.namespaces.v1.ListNamespacesRequest;
import io.berth.proto.containerd.services.namespaces.v1.Namespace;
import io.berth.proto.containerd.services.namespaces.v1.NamespacesGrpc;
import io.berth.proto.containerd.services.tasks.v1.DeleteTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.KillRequest;
import io.berth.proto.containerd.services.tasks.v1.ListTasksRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.services.tasks.v1.WaitRequest;
import io.berth.proto.containerd.services.version.v1.VersionGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** What the tests do to a daemon through containerd's API, be it berthd or containerd. */
final class DaemonApi {
    private DaemonApi() {
    }

    /** Waits until the daemon answers Version, failing with its log when it exits or 60 s pass. */
    static void awaitServing(String name, Process process, ManagedChannel channel, Supplier<String> log)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + log.get());
            }
            try {
                VersionGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                        .version(Empty.getDefaultInstance());
                return;
            } catch (StatusRuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + " did not answer within 60 s:\n" + log.get(), notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Kills and deletes every task in every namespace, as {@code ctr task rm -f} does. */
    static void endTasks(ManagedChannel channel) {
        List<Namespace> namespaces;
        try {
            namespaces = NamespacesGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .list(ListNamespacesRequest.getDefaultInstance()).getNamespacesList();
        } catch (StatusRuntimeException e) {
            // A daemon that does not serve, as one that refuses to start, has started no task.
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                return;
            }
            throw e;
        }
        for (Namespace namespace : namespaces) {
            TasksGrpc.TasksBlockingStub tasks =
                    Namespaced.stub(TasksGrpc.newBlockingStub(channel), namespace.getName());
            for (io.berth.proto.containerd.v1.types.Process task : tasks.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .list(ListTasksRequest.getDefaultInstance()).getTasksList()) {
                String id = task.getId();
                try {
                    tasks.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .kill(KillRequest.newBuilder().setContainerId(id).setSignal(9).setAll(true).build());
                } catch (StatusRuntimeException e) {
                    // NOT_FOUND: the task has exited already, and is only deleted.
                    if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                        throw e;
                    }
                }
                tasks.withDeadlineAfter(30, TimeUnit.SECONDS).wait(WaitRequest.newBuilder().setContainerId(id).build());
                tasks.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .delete(DeleteTaskRequest.newBuilder().setContainerId(id).build());
            }
        }
    }
}
