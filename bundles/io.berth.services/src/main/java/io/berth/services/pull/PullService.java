package io.berth.services.pull;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.berth.api.images.ImagePuller;
import io.berth.api.images.PullOptions;
import io.berth.api.metadata.Image;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.grpc.RequestContext;
import io.berth.proto.berth.services.images.v1.PullGrpc;
import io.berth.proto.berth.services.images.v1.PullProgress;
import io.berth.proto.berth.services.images.v1.PullRequest;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/**
 * Berth's {@code berth.services.images.v1.Pull}: the daemon pulls the image into the request's namespace with
 * its own registry client and streams each blob's progress, then the image it stored.
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=pull",
})
public final class PullService extends PullGrpc.PullImplBase {
    private final ImagePuller puller;

    @Activate
    public PullService(@Reference ImagePuller puller) {
        this.puller = puller;
    }

    @Override
    public void pull(PullRequest request, StreamObserver<PullProgress> response) {
        String namespace = RequestContext.namespace();
        PullOptions options = PullMessages.options(request);
        // The puller reports from its fetching threads; a stream takes one message at a time.
        Object sending = new Object();
        Image image = puller.pull(namespace, request.getReference(), options, progress -> {
            PullProgress message = PullMessages.toProto(progress);
            synchronized (sending) {
                response.onNext(message);
            }
        });
        synchronized (sending) {
            response.onNext(PullMessages.toProto(image));
        }
        response.onCompleted();
    }
}
