package io.berth.metadata.sqlite;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.berth.api.errors.BerthException;
import io.berth.api.metadata.Container;
import io.berth.api.metadata.Labels;
import io.berth.api.metadata.TypedValue;
import io.berth.api.namespaces.Identifiers;

/** containerd's rules for container records: what a stored container must hold, and how field paths change one. */
final class ContainerRules {
    private static final String LABELS = "labels";
    private static final String LABEL_PREFIX = "labels.";
    private static final String EXTENSIONS = "extensions";
    private static final String EXTENSION_PREFIX = "extensions.";
    private static final String SPEC = "spec";
    private static final String IMAGE = "image";
    private static final String SNAPSHOT_KEY = "snapshotkey";
    private static final TypedValue EMPTY = new TypedValue("", new byte[0]);

    private ContainerRules() {
    }

    /**
     * @param failure what the refusal starts with, as containerd words it: {@code create container failed
     *                validation} or {@code update failed validation}
     * @throws BerthException INVALID_ARGUMENT naming the first thing containerd would refuse, in its words but for
     *                        ids and labels
     */
    static void validate(Container container, String failure) {
        try {
            Identifiers.validate("container id", container.id());
            if (container.extensions().containsKey("")) {
                throw BerthException.invalidArgument("container.Extension keys must not be zero-length");
            }
            container.labels().forEach(Labels::validate);
            if (container.runtimeName().isEmpty()) {
                throw BerthException.invalidArgument("container.Runtime.Name must be set");
            }
            if (container.spec() == null) {
                throw BerthException.invalidArgument("container.Spec must be set");
            }
            if (!container.snapshotKey().isEmpty() && container.snapshotter().isEmpty()) {
                throw BerthException.invalidArgument(
                        "container.Snapshotter must be set if container.SnapshotKey is set");
            }
        } catch (BerthException e) {
            throw e.withContext(failure);
        }
    }

    /**
     * The container {@code current} becomes when {@code wanted} is applied along {@code fieldPaths}, as containerd
     * answers the update; its times are those of {@code current}, for the store to set. Its extensions are those the
     * update wrote: containerd writes them over the stored ones and never removes one, so an extension path that
     * {@code wanted} lacks writes an empty value.
     */
    static Container apply(Container current, Container wanted, List<String> fieldPaths) {
        if (fieldPaths.isEmpty()) {
            immutable("runtime name", current.id(), current.runtimeName(), wanted.runtimeName());
            immutable("snapshotter", current.id(), current.snapshotter(), wanted.snapshotter());
            // An update that does not name the snapshot would otherwise let the collector take it.
            String snapshotKey = wanted.snapshotKey().isEmpty() ? current.snapshotKey() : wanted.snapshotKey();
            return with(current, withoutEmpty(wanted.labels()), wanted.spec(), wanted.image(), snapshotKey,
                    wanted.extensions());
        }
        Map<String, String> labels = new HashMap<>(current.labels());
        Map<String, TypedValue> extensions = new HashMap<>(current.extensions());
        TypedValue spec = current.spec();
        String image = current.image();
        String snapshotKey = current.snapshotKey();
        for (String path : fieldPaths) {
            if (path.startsWith(LABEL_PREFIX)) {
                String key = path.substring(LABEL_PREFIX.length());
                labels.put(key, wanted.labels().getOrDefault(key, ""));
            } else if (path.startsWith(EXTENSION_PREFIX)) {
                String name = path.substring(EXTENSION_PREFIX.length());
                extensions.put(name, wanted.extensions().getOrDefault(name, EMPTY));
            } else {
                switch (path) {
                    case LABELS -> labels = new HashMap<>(wanted.labels());
                    case EXTENSIONS -> extensions = new HashMap<>(wanted.extensions());
                    case SPEC -> spec = wanted.spec();
                    case IMAGE -> image = wanted.image();
                    case SNAPSHOT_KEY -> snapshotKey = wanted.snapshotKey();
                    default -> throw BerthException.invalidArgument("cannot update \"%s\" field on \"%s\"", path,
                            current.id());
                }
            }
        }
        return with(current, withoutEmpty(labels), spec, image, snapshotKey, extensions);
    }

    private static void immutable(String field, String id, String current, String wanted) {
        if (!current.equals(wanted)) {
            throw BerthException.invalidArgument("container %s: %s cannot change, it is %s, not %s",
                    id, field, quoted(current), quoted(wanted));
        }
    }

    private static String quoted(String value) {
        return "\"" + value + "\"";
    }

    private static Container with(Container current, Map<String, String> labels, TypedValue spec, String image,
                                  String snapshotKey, Map<String, TypedValue> extensions) {
        return new Container(current.id(), labels, image, current.runtimeName(), current.runtimeOptions(), spec,
                current.snapshotter(), snapshotKey, current.sandbox(), extensions, current.createdAt(),
                current.updatedAt());
    }

    /** An empty value removes a label, as containerd does. */
    private static Map<String, String> withoutEmpty(Map<String, String> entries) {
        Map<String, String> kept = new HashMap<>(entries);
        kept.values().removeIf(String::isEmpty);
        return kept;
    }
}
