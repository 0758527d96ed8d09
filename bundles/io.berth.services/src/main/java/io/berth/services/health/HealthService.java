package io.berth.services.health;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.grpc.InlineMethods;
import io.berth.proto.grpc.health.v1.HealthCheckRequest;
import io.berth.proto.grpc.health.v1.HealthCheckResponse;
import io.berth.proto.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.berth.proto.grpc.health.v1.HealthGrpc;
import io.berth.proto.grpc.health.v1.HealthListRequest;
import io.berth.proto.grpc.health.v1.HealthListResponse;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * gRPC's {@code grpc.health.v1.Health}, as containerd's {@code healthcheck} plugin serves it: the server as a whole
 * (the empty name) is serving while this service is there, and no other name is known. When it goes, its watchers
 * are told NOT_SERVING and their streams end, as grpc-go's health server does at its shutdown.
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=healthcheck",
    InlineMethods.PROPERTY + "=Check",
    InlineMethods.PROPERTY + "=List",
})
public final class HealthService extends HealthGrpc.HealthImplBase {
    private static final String SERVER = "";
    private static final HealthCheckResponse SERVING = status(ServingStatus.SERVING);

    private final Set<ServerCallStreamObserver<HealthCheckResponse>> watchers = ConcurrentHashMap.newKeySet();

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
        if (!request.getService().equals(SERVER)) {
            response.onError(Status.NOT_FOUND.withDescription("unknown service").asRuntimeException());
            return;
        }
        response.onNext(SERVING);
        response.onCompleted();
    }

    @Override
    public void list(HealthListRequest request, StreamObserver<HealthListResponse> response) {
        response.onNext(HealthListResponse.newBuilder().putStatuses(SERVER, SERVING).build());
        response.onCompleted();
    }

    /** The stream stays open: a status changes only when this service goes, which {@link #deactivate} tells. */
    @Override
    public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
        var watcher = (ServerCallStreamObserver<HealthCheckResponse>) response;
        watcher.setOnCancelHandler(() -> watchers.remove(watcher));
        // Held while the first status goes out, so that deactivate's cannot overtake it.
        synchronized (watcher) {
            watchers.add(watcher);
            watcher.onNext(request.getService().equals(SERVER) ? SERVING : status(ServingStatus.SERVICE_UNKNOWN));
        }
    }

    @Deactivate
    void deactivate() {
        HealthCheckResponse notServing = status(ServingStatus.NOT_SERVING);
        for (ServerCallStreamObserver<HealthCheckResponse> watcher : watchers) {
            synchronized (watcher) {
                if (watchers.remove(watcher)) {
                    watcher.onNext(notServing);
                    watcher.onCompleted();
                }
            }
        }
    }

    private static HealthCheckResponse status(ServingStatus status) {
        return HealthCheckResponse.newBuilder().setStatus(status).build();
    }
}
