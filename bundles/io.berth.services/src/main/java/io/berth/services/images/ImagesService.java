package io.berth.services.images;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.protobuf.Empty;

import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.gc.GarbageCollector;
import io.berth.api.events.EventPublisher;
import io.berth.api.metadata.Image;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.filters.Filter;
import io.berth.filters.Filters;
import io.berth.grpc.InlineMethods;
import io.berth.grpc.RequestContext;
import io.berth.proto.containerd.services.images.v1.CreateImageRequest;
import io.berth.proto.containerd.services.images.v1.CreateImageResponse;
import io.berth.proto.containerd.services.images.v1.DeleteImageRequest;
import io.berth.proto.containerd.services.images.v1.GetImageRequest;
import io.berth.proto.containerd.services.images.v1.ImageCreate;
import io.berth.proto.containerd.services.images.v1.ImageDelete;
import io.berth.proto.containerd.services.images.v1.ImageUpdate;
import io.berth.proto.containerd.services.images.v1.GetImageResponse;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.berth.proto.containerd.services.images.v1.ListImagesRequest;
import io.berth.proto.containerd.services.images.v1.ListImagesResponse;
import io.berth.proto.containerd.services.images.v1.UpdateImageRequest;
import io.berth.proto.containerd.services.images.v1.UpdateImageResponse;
import io.berth.services.events.ProtoEvents;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/**
 * containerd's {@code images.v1.Images} on the metadata store, in the request's namespace. List takes
 * containerd's filters over {@code name}, {@code target.digest}, {@code target.mediatype} and
 * {@code labels.<key>}. Delete with {@code sync} returns only after a garbage collection has run. Changes are
 * published, once committed, as containerd's {@code /images/create}, {@code /images/update} and
 * {@code /images/delete} events.
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=images",
    InlineMethods.PROPERTY + "=Get",
})
public final class ImagesService extends ImagesGrpc.ImagesImplBase {
    private final MetadataStore metadata;
    private final GarbageCollector gc;
    private final EventPublisher events;

    @Activate
    public ImagesService(@Reference MetadataStore metadata, @Reference GarbageCollector gc,
                         @Reference EventPublisher events) {
        this.metadata = metadata;
        this.gc = gc;
        this.events = events;
    }

    @Override
    public void get(GetImageRequest request, StreamObserver<GetImageResponse> response) {
        String namespace = RequestContext.namespace();
        Image image = metadata.read(tx -> tx.images().get(namespace, request.getName()));
        response.onNext(GetImageResponse.newBuilder().setImage(ImageMessages.toProto(image)).build());
        response.onCompleted();
    }

    @Override
    public void list(ListImagesRequest request, StreamObserver<ListImagesResponse> response) {
        String namespace = RequestContext.namespace();
        Filter filter = Filters.parseAll(request.getFiltersList());
        List<Image> images = metadata.read(tx -> tx.images().list(namespace));
        ListImagesResponse.Builder answer = ListImagesResponse.newBuilder();
        for (Image image : images) {
            if (filter.match(ImageMessages.fields(image))) {
                answer.addImages(ImageMessages.toProto(image));
            }
        }
        response.onNext(answer.build());
        response.onCompleted();
    }

    @Override
    public void create(CreateImageRequest request, StreamObserver<CreateImageResponse> response) {
        String namespace = RequestContext.namespace();
        if (request.getImage().getName().isEmpty()) {
            throw BerthException.invalidArgument("Image.Name required");
        }
        Image wanted = ImageMessages.fromProto(request.getImage());
        Image created = metadata.write(tx -> tx.images().create(namespace, wanted));
        ProtoEvents.publish(events, namespace, "/images/create",
                ImageCreate.newBuilder().setName(created.name()).putAllLabels(created.labels()).build());
        response.onNext(CreateImageResponse.newBuilder().setImage(ImageMessages.toProto(created)).build());
        response.onCompleted();
    }

    @Override
    public void update(UpdateImageRequest request, StreamObserver<UpdateImageResponse> response) {
        String namespace = RequestContext.namespace();
        Image wanted = ImageMessages.fromProto(request.getImage());
        List<String> paths = request.getUpdateMask().getPathsList();
        Image updated = metadata.write(tx -> tx.images().update(namespace, wanted, paths));
        ProtoEvents.publish(events, namespace, "/images/update",
                ImageUpdate.newBuilder().setName(updated.name()).putAllLabels(updated.labels()).build());
        response.onNext(UpdateImageResponse.newBuilder().setImage(ImageMessages.toProto(updated)).build());
        response.onCompleted();
    }

    /** With a target, deletes the image only while it still points there, as containerd does. */
    @Override
    public void delete(DeleteImageRequest request, StreamObserver<Empty> response) {
        String namespace = RequestContext.namespace();
        String name = request.getName();
        Digest expected = request.hasTarget() ? Digest.parse(request.getTarget().getDigest()) : null;
        metadata.write(tx -> {
            if (expected != null) {
                Digest actual = tx.images().get(namespace, name).target().digest();
                if (!actual.equals(expected)) {
                    throw BerthException.notFound("image %s: target is %s, not %s", name, actual, expected);
                }
            }
            tx.images().delete(namespace, name);
            return null;
        });
        ProtoEvents.publish(events, namespace, "/images/delete", ImageDelete.newBuilder().setName(name).build());
        if (request.getSync()) {
            gc.collect();
        }
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }
}
