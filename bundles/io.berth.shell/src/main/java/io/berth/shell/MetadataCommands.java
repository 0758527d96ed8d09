package io.berth.shell;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.berth.api.content.ContentStore;
import io.berth.api.content.Digest;
import io.berth.api.content.Info;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.Container;
import io.berth.api.metadata.Image;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.Namespace;

/**
 * {@code berth:namespaces}, {@code berth:content}, {@code berth:images} and {@code berth:containers}: read-only
 * views of the metadata store, namespace by namespace, as ctr's listings show them; with a digest, a name or an
 * id, one record in full.
 */
@Component(service = MetadataCommands.class, property = {
    "osgi.command.scope=berth",
    "osgi.command.function=namespaces",
    "osgi.command.function=content",
    "osgi.command.function=images",
    "osgi.command.function=containers",
})
public final class MetadataCommands {
    private static final String NAMESPACE_FLAG = "-n";
    private static final String DEFAULT_NAMESPACE = "default";

    private final MetadataStore metadata;
    private final ContentStore content;

    @Activate
    public MetadataCommands(@Reference MetadataStore metadata, @Reference ContentStore content) {
        this.metadata = metadata;
        this.content = content;
    }

    @Descriptor("list the namespaces and their labels")
    public String namespaces() {
        List<Namespace> namespaces = metadata.read(tx -> tx.namespaces().list());
        TextTable table = new TextTable("NAME", "LABELS");
        namespaces.forEach(namespace -> table.row(namespace.name(), labels(namespace.labels())));
        return table.render();
    }

    @Descriptor("list the blobs a namespace references")
    public String content(
            @Descriptor("namespace") @Parameter(names = NAMESPACE_FLAG, absentValue = DEFAULT_NAMESPACE) String namespace) {
        List<Info> blobs = metadata.read(tx -> tx.contents().list(namespace));
        TextTable table = new TextTable("DIGEST", "SIZE", "CREATED", "LABELS");
        blobs.forEach(blob -> table.row(blob.digest().toString(), Long.toString(blob.size()),
                blob.createdAt().toString(), labels(blob.labels())));
        return table.render();
    }

    @Descriptor("show one blob a namespace references, and whether the content store holds it")
    public String content(
            @Descriptor("namespace") @Parameter(names = NAMESPACE_FLAG, absentValue = DEFAULT_NAMESPACE) String namespace,
            @Descriptor("digest, e.g. sha256:...") String digest) {
        Digest parsed = Digest.parse(digest);
        Info reference = metadata.read(tx -> tx.contents().get(namespace, parsed));
        String stored = stored(parsed).map(info -> "yes, " + info.size() + " bytes").orElse("no");
        return "Digest:    " + reference.digest() + "\n"
                + "Size:      " + reference.size() + "\n"
                + "Created:   " + reference.createdAt() + "\n"
                + "Updated:   " + reference.updatedAt() + "\n"
                + "Labels:    " + labels(reference.labels()) + "\n"
                + "Stored:    " + stored;
    }

    @Descriptor("list the images of a namespace")
    public String images(
            @Descriptor("namespace") @Parameter(names = NAMESPACE_FLAG, absentValue = DEFAULT_NAMESPACE) String namespace) {
        List<Image> images = metadata.read(tx -> tx.images().list(namespace));
        TextTable table = new TextTable("REF", "TYPE", "DIGEST", "LABELS");
        images.forEach(image -> table.row(image.name(), image.target().mediaType(), image.target().digest().toString(),
                labels(image.labels())));
        return table.render();
    }

    @Descriptor("show one image of a namespace")
    public String images(
            @Descriptor("namespace") @Parameter(names = NAMESPACE_FLAG, absentValue = DEFAULT_NAMESPACE) String namespace,
            @Descriptor("image name, e.g. docker.io/library/busybox:latest") String name) {
        Image image = metadata.read(tx -> tx.images().get(namespace, name));
        return "Name:        " + image.name() + "\n"
                + "Type:        " + image.target().mediaType() + "\n"
                + "Digest:      " + image.target().digest() + "\n"
                + "Size:        " + image.target().size() + "\n"
                + "Created:     " + time(image.createdAt()) + "\n"
                + "Updated:     " + time(image.updatedAt()) + "\n"
                + "Labels:      " + labels(image.labels()) + "\n"
                + "Annotations: " + labels(image.target().annotations());
    }

    @Descriptor("list the containers of a namespace")
    public String containers(
            @Descriptor("namespace") @Parameter(names = NAMESPACE_FLAG, absentValue = DEFAULT_NAMESPACE) String namespace) {
        List<Container> containers = metadata.read(tx -> tx.containers().list(namespace));
        TextTable table = new TextTable("CONTAINER", "IMAGE", "RUNTIME", "SNAPSHOT", "LABELS");
        containers.forEach(container -> table.row(container.id(), orDash(container.image()), container.runtimeName(),
                snapshot(container), labels(container.labels())));
        return table.render();
    }

    @Descriptor("show one container of a namespace, with its OCI runtime spec")
    public String containers(
            @Descriptor("namespace") @Parameter(names = NAMESPACE_FLAG, absentValue = DEFAULT_NAMESPACE) String namespace,
            @Descriptor("container id") String id) {
        Container container = metadata.read(tx -> tx.containers().get(namespace, id));
        return "ID:          " + container.id() + "\n"
                + "Image:       " + orDash(container.image()) + "\n"
                + "Runtime:     " + container.runtimeName() + "\n"
                + "Snapshot:    " + snapshot(container) + "\n"
                + "Sandbox:     " + orDash(container.sandbox()) + "\n"
                + "Created:     " + time(container.createdAt()) + "\n"
                + "Updated:     " + time(container.updatedAt()) + "\n"
                + "Labels:      " + labels(container.labels()) + "\n"
                + "Extensions:  " + (container.extensions().isEmpty() ? "-"
                        : String.join(",", container.extensions().keySet().stream().sorted().toList())) + "\n"
                + "Spec:        " + (container.spec() == null ? "-"
                        : new String(container.spec().value(), StandardCharsets.UTF_8));
    }

    /** "snapshotter/key", or "-" for a container without a root filesystem snapshot. */
    private static String snapshot(Container container) {
        return container.snapshotKey().isEmpty() ? "-" : container.snapshotter() + "/" + container.snapshotKey();
    }

    private static String orDash(String value) {
        return value.isEmpty() ? "-" : value;
    }

    private Optional<Info> stored(Digest digest) {
        try {
            return Optional.of(content.info(digest));
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** "a=1,b=2" sorted as text, as ctr prints labels; "-" for none. */
    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "-";
        }
        return labels.entrySet().stream().map(label -> label.getKey() + "=" + label.getValue()).sorted()
                .collect(Collectors.joining(","));
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : instant.toString();
    }
}
