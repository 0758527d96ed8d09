package io.berth.services.push;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.berth.api.content.Descriptor;
import io.berth.api.images.ImagePusher;
import io.berth.api.images.PushOptions;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.grpc.RequestContext;
import io.berth.proto.berth.services.images.v1.PushGrpc;
import io.berth.proto.berth.services.images.v1.PushProgress;
import io.berth.proto.berth.services.images.v1.PushRequest;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/**
 * Berth's {@code berth.services.images.v1.Push}: the daemon pushes an image of the request's namespace with its
 * own registry client and streams each blob's progress, then the reference it pushed.
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=push",
})
public final class PushService extends PushGrpc.PushImplBase {
    private final ImagePusher pusher;

    @Activate
    public PushService(@Reference ImagePusher pusher) {
        this.pusher = pusher;
    }

    @Override
    public void push(PushRequest request, StreamObserver<PushProgress> response) {
        String namespace = RequestContext.namespace();
        PushOptions options = PushMessages.options(request);
        String remote = request.getRemote().isEmpty() ? request.getImage() : request.getRemote();
        Object sending = new Object();
        Descriptor root = pusher.push(namespace, request.getImage(), remote, options, progress -> {
            PushProgress message = PushMessages.toProto(progress);
            synchronized (sending) {
                response.onNext(message);
            }
        });
        String pushed = io.berth.api.remotes.Reference.parse(remote).toString();
        synchronized (sending) {
            response.onNext(PushMessages.toProto(pushed, root));
        }
        response.onCompleted();
    }
}
