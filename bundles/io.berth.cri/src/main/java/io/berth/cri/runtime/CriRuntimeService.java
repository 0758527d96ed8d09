package io.berth.cri.runtime;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.berth.api.daemon.Daemon;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.proto.runtime.v1.RuntimeServiceGrpc;
import io.berth.proto.runtime.v1.VersionRequest;
import io.berth.proto.runtime.v1.VersionResponse;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/**
 * The CRI {@code runtime.v1.RuntimeService}. The RPCs not written yet answer UNIMPLEMENTED with
 * their name (the generated base class does that).
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=cri",
})
public final class CriRuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    /** The version of the kubelet-runtime API this answers; the CRI has only ever used 0.1.0. */
    static final String KUBELET_API_VERSION = "0.1.0";
    static final String RUNTIME_NAME = "berth";
    static final String RUNTIME_API_VERSION = "v1";

    private final VersionResponse version;

    @Activate
    public CriRuntimeService(@Reference Daemon daemon) {
        version = VersionResponse.newBuilder()
                .setVersion(KUBELET_API_VERSION)
                .setRuntimeName(RUNTIME_NAME)
                .setRuntimeVersion(daemon.version())
                .setRuntimeApiVersion(RUNTIME_API_VERSION)
                .build();
    }

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> response) {
        response.onNext(version);
        response.onCompleted();
    }
}
