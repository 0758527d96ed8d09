package io.berth.services.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.metadata.TypedValue;
import io.berth.api.runtime.CreateTaskOptions;
import io.berth.api.runtime.Task;
import io.berth.api.runtime.TaskManager;
import io.berth.content.local.LocalContentStore;
import io.berth.diff.WalkingDiffer;
import io.berth.grpc.RequestContext;
import io.berth.grpc.internal.TestGrpcServer;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.proto.containerd.services.tasks.v1.MetricsRequest;
import io.berth.proto.containerd.services.tasks.v1.MetricsResponse;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.types.Metric;
import io.berth.services.TestDaemon;
import io.berth.services.TestLoggers;
import io.berth.services.events.TestBus;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * Tasks.Metrics over the real gRPC server, for tasks whose runtime measures some and fails on others: as in
 * containerd, a task that cannot be measured is left out and the rest are answered; only failures other than
 * NOT_FOUND are logged.
 */
class TasksServiceMetricsTest {
    private static final String NAMESPACE = "default";
    private static final TypedValue STATS = new TypedValue("io.containerd.cgroups.v1.Metrics",
            "measured".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private final List<String> errors = new CopyOnWriteArrayList<>();
    private SqliteDatabase metadata;
    private TestGrpcServer server;

    @BeforeEach
    void start() throws IOException {
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        WalkingDiffer walking = new WalkingDiffer(1L << 30);
        TaskManager tasks = runtime(
                task("measured", () -> STATS),
                task("stopped", () -> {
                    throw BerthException.notFound("shim Stats: cgroup does not exist");
                }),
                task("unreachable", () -> {
                    throw BerthException.unavailable("shim Stats: connection closed");
                }),
                task("broken", () -> {
                    throw new IllegalStateException("no stats in this shim's answer");
                }));
        server = TestGrpcServer.start(dir.resolve("berth.sock"), new TasksService(metadata, tasks,
                new LocalContentStore(dir.resolve("content")), TestBus.start(), walking, walking, new TestDaemon(dir),
                TestLoggers.recordingErrors(errors::add)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        metadata.close();
    }

    @Test
    void tasksThatCannotBeMeasuredAreLeftOutAndTheOthersAnswered() {
        MetricsResponse answer = metrics();

        assertEquals(List.of("measured"), answer.getMetricsList().stream().map(Metric::getId).toList());
        Metric measured = answer.getMetrics(0);
        assertEquals(STATS.typeUrl(), measured.getData().getTypeUrl());
        assertEquals("measured", measured.getData().getValue().toStringUtf8());
        assertTrue(measured.getTimestamp().getSeconds() > 0, measured.toString());
    }

    @Test
    void onlyFailuresOtherThanNotFoundAreLogged() {
        metrics();

        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(line -> line.contains("unreachable") && line.contains("connection closed")),
                errors.toString());
        assertTrue(errors.stream().anyMatch(line -> line.contains("broken")), errors.toString());
        assertTrue(errors.stream().noneMatch(line -> line.contains("stopped")), errors.toString());
    }

    @Test
    void aFilterThatSelectsOnlyUnmeasurableTasksGetsAnEmptyAnswer() {
        assertEquals(0, metrics("id==stopped", "id==unreachable").getMetricsCount());
        assertEquals(List.of("measured"), metrics("id~=^m").getMetricsList().stream().map(Metric::getId).toList());
    }

    private MetricsResponse metrics(String... filters) {
        Metadata headers = new Metadata();
        headers.put(RequestContext.NAMESPACE_HEADER, NAMESPACE);
        return TasksGrpc.newBlockingStub(server.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .metrics(MetricsRequest.newBuilder().addAllFilters(List.of(filters)).build());
    }

    /** A runtime that has the given tasks and creates none. */
    private static TaskManager runtime(Task... tasks) {
        return new TaskManager() {
            @Override
            public Task create(String namespace, String id, CreateTaskOptions options) {
                throw new UnsupportedOperationException("create");
            }

            @Override
            public Optional<Task> find(String namespace, String id) {
                return list(namespace).stream().filter(task -> task.id().equals(id)).findFirst();
            }

            @Override
            public List<Task> list(String namespace) {
                return namespace.equals(NAMESPACE) ? List.of(tasks) : List.of();
            }
        };
    }

    /** A task that answers its id, its namespace and its stats, and nothing else. */
    private static Task task(String id, Supplier<TypedValue> stats) {
        return (Task) Proxy.newProxyInstance(Task.class.getClassLoader(), new Class<?>[] {Task.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> id;
                    case "namespace" -> NAMESPACE;
                    case "stats" -> stats.get();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
