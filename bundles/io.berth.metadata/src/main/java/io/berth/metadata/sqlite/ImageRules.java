package io.berth.metadata.sqlite;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.berth.api.content.Descriptor;
import io.berth.api.errors.BerthException;
import io.berth.api.metadata.Image;
import io.berth.api.metadata.Labels;

/** containerd's rules for image records: what a stored image must hold, and how field paths change one. */
final class ImageRules {
    private static final String LABELS = "labels";
    private static final String LABEL_PREFIX = "labels.";
    private static final String ANNOTATIONS = "annotations";
    private static final String ANNOTATION_PREFIX = "annotations.";
    private static final String TARGET = "target";

    private ImageRules() {
    }

    /**
     * @throws BerthException INVALID_ARGUMENT naming the first thing containerd would refuse, in containerd's words
     *                        but for labels; a missing target is refused as containerd refuses its empty digest
     */
    static void validate(Image image) {
        if (image.name().isEmpty()) {
            throw BerthException.invalidArgument("image name must not be empty");
        }
        image.labels().forEach(Labels::validate);
        if (image.target() == null) {
            throw BerthException.invalidArgument("Target.Digest \"\" invalid: invalid checksum digest format");
        }
        if (image.target().size() <= 0) {
            throw BerthException.invalidArgument("Target.Size must be greater than zero");
        }
        if (image.target().mediaType().isEmpty()) {
            throw BerthException.invalidArgument("Target.MediaType must be set");
        }
    }

    /**
     * The image {@code current} becomes when {@code wanted} is applied along {@code fieldPaths}; its times are
     * those of {@code current}, for the store to set. Its target is null when a client's missing target replaced
     * it, for {@link #validate} to refuse.
     */
    static Image apply(Image current, Image wanted, List<String> fieldPaths) {
        if (fieldPaths.isEmpty()) {
            return new Image(current.name(), withoutEmpty(wanted.target()), withoutEmpty(wanted.labels()),
                    current.createdAt(), current.updatedAt());
        }
        Map<String, String> wantedAnnotations = wanted.target() == null ? Map.of() : wanted.target().annotations();
        Map<String, String> labels = new HashMap<>(current.labels());
        Descriptor target = current.target();
        for (String path : fieldPaths) {
            if (path.equals(LABELS)) {
                labels = new HashMap<>(wanted.labels());
            } else if (path.startsWith(LABEL_PREFIX)) {
                String key = path.substring(LABEL_PREFIX.length());
                labels.put(key, wanted.labels().getOrDefault(key, ""));
            } else if (path.equals(TARGET)) {
                target = wanted.target();
            } else if (path.equals(ANNOTATIONS) || path.startsWith(ANNOTATION_PREFIX)) {
                // Without a target (a missing one replaced it) there is nothing to annotate; validate refuses it.
                target = target == null ? null : annotate(target, path, wantedAnnotations);
            } else {
                throw BerthException.invalidArgument("cannot update \"%s\" field on image \"%s\"", path,
                        current.name());
            }
        }
        return new Image(current.name(), withoutEmpty(target), withoutEmpty(labels),
                current.createdAt(), current.updatedAt());
    }

    private static Descriptor annotate(Descriptor target, String path, Map<String, String> wanted) {
        if (path.equals(ANNOTATIONS)) {
            return withAnnotations(target, wanted);
        }
        String key = path.substring(ANNOTATION_PREFIX.length());
        Map<String, String> annotations = new HashMap<>(target.annotations());
        annotations.put(key, wanted.getOrDefault(key, ""));
        return withAnnotations(target, annotations);
    }

    private static Descriptor withAnnotations(Descriptor target, Map<String, String> annotations) {
        return new Descriptor(target.mediaType(), target.digest(), target.size(), annotations);
    }

    /** A client's target may bring annotations with empty values, which stand for none. */
    private static Descriptor withoutEmpty(Descriptor target) {
        return target == null ? null : withAnnotations(target, withoutEmpty(target.annotations()));
    }

    /** An empty value removes a label or annotation, as containerd does. */
    private static Map<String, String> withoutEmpty(Map<String, String> entries) {
        Map<String, String> kept = new HashMap<>(entries);
        kept.values().removeIf(String::isEmpty);
        return kept;
    }
}
