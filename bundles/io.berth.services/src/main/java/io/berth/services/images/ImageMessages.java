package io.berth.services.images;

import java.util.Optional;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.metadata.Image;
import io.berth.filters.Adaptor;
import io.berth.services.Timestamps;

/** Between the API's image and containerd's message, and the fields a filter reads. */
final class ImageMessages {
    private ImageMessages() {
    }

    static io.berth.proto.containerd.services.images.v1.Image toProto(Image image) {
        return io.berth.proto.containerd.services.images.v1.Image.newBuilder()
                .setName(image.name()).putAllLabels(image.labels()).setTarget(toProto(image.target()))
                .setCreatedAt(Timestamps.of(image.createdAt())).setUpdatedAt(Timestamps.of(image.updatedAt())).build();
    }

    /**
     * The image a client sent; its times are the store's to set. A missing target stays null, for the store to
     * refuse where a target is needed. An empty target counts as missing: containerd's Go client always sends
     * one, empty when it only changes labels.
     *
     * @throws io.berth.api.errors.BerthException INVALID_ARGUMENT for a target digest that does not parse
     */
    static Image fromProto(io.berth.proto.containerd.services.images.v1.Image message) {
        boolean hasTarget = message.hasTarget()
                && !message.getTarget().equals(io.berth.proto.containerd.types.Descriptor.getDefaultInstance());
        return new Image(message.getName(), hasTarget ? fromProto(message.getTarget()) : null,
                message.getLabelsMap(), null, null);
    }

    private static io.berth.proto.containerd.types.Descriptor toProto(Descriptor descriptor) {
        return io.berth.proto.containerd.types.Descriptor.newBuilder()
                .setMediaType(descriptor.mediaType()).setDigest(descriptor.digest().toString())
                .setSize(descriptor.size()).putAllAnnotations(descriptor.annotations()).build();
    }

    static Descriptor fromProto(io.berth.proto.containerd.types.Descriptor message) {
        return new Descriptor(message.getMediaType(), Digest.parse(message.getDigest()), message.getSize(),
                message.getAnnotationsMap());
    }


    /** containerd's image filter fields: {@code name}, {@code target.digest}, {@code target.mediatype}, labels. */
    static Adaptor fields(Image image) {
        return path -> {
            if (path.isEmpty()) {
                return Optional.empty();
            }
            return switch (path.getFirst()) {
                case "name" -> path.size() == 1 ? Optional.of(image.name()) : Optional.empty();
                case "target" -> path.size() != 2 ? Optional.empty() : switch (path.get(1)) {
                    case "digest" -> Optional.of(image.target().digest().toString());
                    case "mediatype" -> Optional.of(image.target().mediaType());
                    default -> Optional.empty();
                };
                // A key's dots may be split into several path components.
                case "labels" -> path.size() < 2 ? Optional.empty()
                        : Optional.ofNullable(image.labels().get(String.join(".", path.subList(1, path.size()))));
                default -> Optional.empty();
            };
        };
    }
}
