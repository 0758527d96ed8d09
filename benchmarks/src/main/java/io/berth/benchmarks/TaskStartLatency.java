package io.berth.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.berth.cli.UnixChannels;
import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.services.containers.v1.ContainersGrpc;
import io.berth.proto.containerd.services.containers.v1.GetContainerRequest;
import io.berth.proto.containerd.services.snapshots.v1.MountsRequest;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.berth.proto.containerd.services.tasks.v1.CreateTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.DeleteTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.StartRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.services.tasks.v1.WaitRequest;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * Times Tasks.Create + Tasks.Start as a client that keeps its connection sees them, the way the kubelet and
 * containerd's Go client call a daemon: one channel per daemon for the whole run, no process started per call.
 * Each round, for each daemon in turn (the order alternating between rounds):
 * <ol>
 * <li>untimed: {@code ctr container create IMAGE id true}, the container's record and its snapshot's mounts;</li>
 * <li>timed: Tasks.Create with those mounts and no stdio, as {@code ctr task start --null-io} asks for it, then
 * Tasks.Start;</li>
 * <li>untimed: Tasks.Wait for the exit, Tasks.Delete and {@code ctr container rm}.</li>
 * </ol>
 * The times of the rounds after the warm-up go to {@code OUT/api_create_start.NAME}, in microseconds, one a
 * line, line n of every file from round n.
 *
 * <pre>java -cp ... io.berth.benchmarks.TaskStartLatency IMAGE ROUNDS WARM_UP OUT NAME=SOCKET...</pre>
 */
public final class TaskStartLatency {
    private static final Metadata.Key<String> NAMESPACE =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

    private final String name;
    private final Path socket;
    private final ManagedChannel channel;
    private final ContainersGrpc.ContainersBlockingStub containers;
    private final SnapshotsGrpc.SnapshotsBlockingStub snapshots;
    private final TasksGrpc.TasksBlockingStub tasks;
    private final List<Long> micros = new ArrayList<>();

    private TaskStartLatency(String name, Path socket) {
        this.name = name;
        this.socket = socket;
        this.channel = UnixChannels.open(socket);
        Metadata headers = new Metadata();
        headers.put(NAMESPACE, "default");
        Channel inDefault = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        this.containers = ContainersGrpc.newBlockingStub(inDefault);
        this.snapshots = SnapshotsGrpc.newBlockingStub(inDefault);
        this.tasks = TasksGrpc.newBlockingStub(inDefault);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 5) {
            System.err.println("usage: TaskStartLatency IMAGE ROUNDS WARM_UP OUT NAME=SOCKET...");
            System.exit(2);
        }
        String image = args[0];
        int rounds = Integer.parseInt(args[1]);
        int warmUp = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        List<TaskStartLatency> daemons = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            String[] nameAndSocket = args[i].split("=", 2);
            daemons.add(new TaskStartLatency(nameAndSocket[0], Path.of(nameAndSocket[1])));
        }
        try {
            for (int round = 0; round < warmUp + rounds; round++) {
                for (int turn = 0; turn < daemons.size(); turn++) {
                    TaskStartLatency daemon = daemons.get((round + turn) % daemons.size());
                    long elapsed = daemon.round(image, "api-start-" + round);
                    if (round >= warmUp) {
                        daemon.micros.add(elapsed / 1000);
                    }
                }
            }
            for (TaskStartLatency daemon : daemons) {
                try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(
                        out.resolve("api_create_start." + daemon.name)))) {
                    daemon.micros.forEach(file::println);
                }
            }
        } finally {
            for (TaskStartLatency daemon : daemons) {
                daemon.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** One container's task created and started, timed; what the round made is removed again. */
    private long round(String image, String id) throws IOException, InterruptedException {
        ctr("container", "create", image, id, "true");
        Container container = containers.get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
        CreateTaskRequest create = CreateTaskRequest.newBuilder()
                .setContainerId(id)
                .addAllRootfs(snapshots.mounts(MountsRequest.newBuilder()
                        .setSnapshotter(container.getSnapshotter())
                        .setKey(container.getSnapshotKey())
                        .build()).getMountsList())
                .build();
        long began = System.nanoTime();
        tasks.create(create);
        tasks.start(StartRequest.newBuilder().setContainerId(id).build());
        long elapsed = System.nanoTime() - began;
        tasks.wait(WaitRequest.newBuilder().setContainerId(id).build());
        tasks.delete(DeleteTaskRequest.newBuilder().setContainerId(id).build());
        ctr("container", "rm", id);
        return elapsed;
    }

    private void ctr(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("ctr", "--address", socket.toString()));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", line) + " failed against " + name + ": " + output.strip());
        }
    }
}
