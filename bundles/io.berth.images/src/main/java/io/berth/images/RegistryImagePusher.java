package io.berth.images;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.berth.api.content.ContentStore;
import io.berth.api.content.Descriptor;
import io.berth.api.content.Info;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.images.ImagePusher;
import io.berth.api.images.PushListener;
import io.berth.api.images.PushOptions;
import io.berth.api.images.PushProgress;
import io.berth.api.images.PushProgress.State;
import io.berth.api.metadata.Image;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.remotes.MediaTypes;
import io.berth.api.remotes.Pusher;
import io.berth.api.remotes.ResolveOptions;
import io.berth.api.remotes.UploadOptions;

/**
 * Pushes an image from a namespace's content, children before parents and each blob once: layers and configs,
 * then manifests, then the root under the remote tag. Blobs that carry containerd's distribution source labels
 * are offered to the registry for a cross-repository mount; pushed blobs are labelled with the target's
 * repository in turn, as containerd does.
 */
@Component(service = ImagePusher.class)
public final class RegistryImagePusher implements ImagePusher {
    /** A manifest or index is read into memory: refuse one larger than a pull would read. */
    private static final long MAX_JSON_SIZE = 8L << 20;
    private static final long PROGRESS_STEP = 256L << 10;

    private final Pusher pusher;
    private final ContentStore store;
    private final MetadataStore metadata;

    @Activate
    public RegistryImagePusher(@Reference Pusher pusher, @Reference ContentStore store,
                               @Reference MetadataStore metadata) {
        this.pusher = pusher;
        this.store = store;
        this.metadata = metadata;
    }

    @Override
    public Descriptor push(String namespace, String image, String remote, PushOptions options, PushListener progress) {
        if (image == null || image.isBlank()) {
            throw BerthException.invalidArgument("push: an image name is required");
        }
        io.berth.api.remotes.Reference target = io.berth.api.remotes.Reference.parse(
                remote == null || remote.isBlank() ? image : remote);
        Image record = metadata.read(tx -> tx.images().get(namespace, image));
        Descriptor root = record.target();
        if (options.platform().isPresent() && MediaTypes.isIndex(root.mediaType())) {
            root = ImageTree.select(root, ImageTree.children(root, readJson(namespace, root)), options.platform().get());
        }
        if (target.digest() != null && !target.digest().equals(root.digest())) {
            throw BerthException.invalidArgument("push: %s names digest %s, but the image to push is %s",
                    target, target.digest(), root.digest());
        }
        List<Descriptor> order = new ArrayList<>();
        walk(namespace, root, new HashSet<>(), order);
        ResolveOptions resolve = new ResolveOptions(options.plainHttp(), options.credentials());
        for (Descriptor blob : order) {
            push(namespace, target, blob, resolve, blob.digest().equals(root.digest()), progress);
        }
        return root;
    }

    /** Adds {@code blob}'s children, then {@code blob}, to {@code order}, each digest once. */
    private void walk(String namespace, Descriptor blob, Set<String> seen, List<Descriptor> order) {
        if (!seen.add(blob.digest().toString())) {
            return;
        }
        if (ImageTree.hasChildren(blob)) {
            for (ImageTree.Child child : ImageTree.children(blob, readJson(namespace, blob))) {
                walk(namespace, child.descriptor(), seen, order);
            }
        }
        order.add(blob);
    }

    private void push(String namespace, io.berth.api.remotes.Reference target, Descriptor blob, ResolveOptions resolve,
            boolean root, PushListener progress) {
        Info info = contentInfo(namespace, blob);
        UploadOptions upload = new UploadOptions(resolve, root, DistributionSources.sources(info.labels()));
        AtomicLong reported = new AtomicLong(-PROGRESS_STEP);
        Pusher.Outcome outcome = pusher.push(target, blob, () -> store.read(blob.digest(), 0, 0), upload, sent -> {
            // The HTTP client takes a few KiB at a time: tell of every step, not of every read (a resend starts over).
            if (sent - reported.get() >= PROGRESS_STEP || sent < reported.get() || sent == blob.size()) {
                reported.set(sent);
                progress.progress(new PushProgress(blob, sent, blob.size(), State.PUSHING));
            }
        });
        State state = switch (outcome) {
            case PUSHED -> State.PUSHED;
            case EXISTS -> State.EXISTS;
            case MOUNTED -> State.MOUNTED;
        };
        if (!MediaTypes.isManifestOrIndex(blob.mediaType())) {
            Map<String, String> labels = DistributionSources.adding(info.labels(), target);
            metadata.write(tx -> tx.contents().update(namespace, blob.digest(), labels,
                    labels.keySet().stream().map(key -> "labels." + key).toList()));
        }
        progress.progress(new PushProgress(blob, blob.size(), blob.size(), state));
    }

    /**
     * The namespace's record of a blob.
     *
     * @throws BerthException NOT_FOUND naming the blob when the namespace does not hold it (as after a pull of
     *         one platform of an index: push that platform)
     */
    private Info contentInfo(String namespace, Descriptor blob) {
        try {
            return metadata.read(tx -> tx.contents().get(namespace, blob.digest()));
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                throw BerthException.notFound("push: %s %s is not in namespace %s's content", blob.mediaType(),
                        blob.digest(), namespace);
            }
            throw e;
        }
    }

    private byte[] readJson(String namespace, Descriptor blob) {
        contentInfo(namespace, blob);
        if (blob.size() > MAX_JSON_SIZE) {
            throw new BerthException(ErrorKind.RESOURCE_EXHAUSTED, "%s of %s is %d bytes, more than the %d a push reads"
                    .formatted(blob.mediaType(), blob.digest(), blob.size(), MAX_JSON_SIZE));
        }
        try (InputStream in = store.read(blob.digest(), 0, 0)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BerthException(ErrorKind.INTERNAL, "reading " + blob.digest() + ": " + e.getMessage(), e);
        }
    }
}
