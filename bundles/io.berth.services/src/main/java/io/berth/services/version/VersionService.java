package io.berth.services.version;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.protobuf.Empty;

import io.berth.api.daemon.Daemon;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.grpc.InlineMethods;
import io.berth.proto.containerd.services.version.v1.VersionGrpc;
import io.berth.proto.containerd.services.version.v1.VersionResponse;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/** containerd's {@code version.v1.Version}: which Berth answers. */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=version",
    InlineMethods.PROPERTY + "=Version",
})
public final class VersionService extends VersionGrpc.VersionImplBase {
    private final VersionResponse answer;

    @Activate
    public VersionService(@Reference Daemon daemon) {
        answer = VersionResponse.newBuilder().setVersion(daemon.version()).setRevision(daemon.revision()).build();
    }

    @Override
    public void version(Empty request, StreamObserver<VersionResponse> response) {
        response.onNext(answer);
        response.onCompleted();
    }
}
