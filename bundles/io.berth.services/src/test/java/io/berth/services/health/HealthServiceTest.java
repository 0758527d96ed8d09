package io.berth.services.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.grpc.internal.TestGrpcServer;
import io.berth.proto.grpc.health.v1.HealthCheckRequest;
import io.berth.proto.grpc.health.v1.HealthCheckResponse;
import io.berth.proto.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.berth.proto.grpc.health.v1.HealthGrpc;
import io.berth.proto.grpc.health.v1.HealthListRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** The health service over the real gRPC server on a Unix socket, with no namespace, as probes call it. */
class HealthServiceTest {
    /** What a watch stream ended with, after its statuses. */
    private static final Object COMPLETED = new Object();

    @TempDir
    Path dir;

    private HealthService health;
    private TestGrpcServer server;

    @BeforeEach
    void start() throws IOException {
        health = new HealthService();
        server = TestGrpcServer.start(dir.resolve("berth.sock"), health);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    private static HealthCheckRequest about(String service) {
        return HealthCheckRequest.newBuilder().setService(service).build();
    }

    /** Collects a watch's statuses, then {@link #COMPLETED} or its error, in order. */
    private BlockingQueue<Object> watch(String service) {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        HealthGrpc.newStub(server.channel()).watch(about(service), new StreamObserver<>() {
            @Override
            public void onNext(HealthCheckResponse response) {
                seen.add(response.getStatus());
            }

            @Override
            public void onError(Throwable t) {
                seen.add(t);
            }

            @Override
            public void onCompleted() {
                seen.add(COMPLETED);
            }
        });
        return seen;
    }

    private static Object next(BlockingQueue<Object> seen) throws InterruptedException {
        Object item = seen.poll(30, TimeUnit.SECONDS);
        if (item == null) {
            throw new AssertionError("nothing came on the watch stream within 30 s");
        }
        return item;
    }

    @Test
    void theServerIsServingAndNoOtherNameIsKnown() {
        var stub = HealthGrpc.newBlockingStub(server.channel());
        assertEquals(ServingStatus.SERVING, stub.check(about("")).getStatus());
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                () -> stub.check(about("containerd.services.tasks.v1.Tasks")));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals("unknown service", unknown.getStatus().getDescription());
        assertEquals(Map.of("", ServingStatus.SERVING), stub.list(HealthListRequest.getDefaultInstance())
                .getStatusesMap().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getStatus())));
    }

    @Test
    void watchersHearServingAndThenNotServingWhenTheServiceGoes() throws InterruptedException {
        BlockingQueue<Object> whole = watch("");
        BlockingQueue<Object> unknown = watch("nosuch");
        assertEquals(ServingStatus.SERVING, next(whole));
        assertEquals(ServingStatus.SERVICE_UNKNOWN, next(unknown));

        health.deactivate();

        assertEquals(ServingStatus.NOT_SERVING, next(whole));
        assertEquals(COMPLETED, next(whole));
        assertEquals(ServingStatus.NOT_SERVING, next(unknown));
        assertEquals(COMPLETED, next(unknown));
    }
}
