package io.berth.services.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;

import io.berth.api.content.ContentStore;
import io.berth.api.content.Digest;
import io.berth.api.diff.ApplyOptions;
import io.berth.api.diff.DiffOptions;
import io.berth.api.diff.LayerApplier;
import io.berth.api.diff.LayerDiffer;
import io.berth.api.diff.WhiteoutMode;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.TypedValue;
import io.berth.linux.Trees;
import io.berth.proto.containerd.types.Descriptor;
import io.berth.services.content.IngestBlob;
import io.berth.services.content.NamespacedContent;

/**
 * Checkpoints as containerd's tasks service keeps them in the content store: the directory the runtime wrote
 * (CRIU's images) as a tar, and the container's spec as a serialized {@code Any}, each a blob of the namespace
 * held by the request's lease. A restore unpacks such a tar into a directory for the runtime. The directories
 * live under the service's own state directory, private to root.
 */
final class TaskCheckpoints {
    /** containerd's media type of a checkpoint's images, as a tar. */
    static final String CHECKPOINT = "application/vnd.containerd.container.criu.checkpoint.criu.tar";
    /** containerd's media type of the checkpointed container's spec. */
    static final String CONFIG = "application/vnd.containerd.container.checkpoint.config.v1+proto";

    private final NamespacedContent content;
    private final ContentStore store;
    private final LayerDiffer differ;
    private final LayerApplier applier;
    private final Path workDir;

    /** @param workDir where checkpoint directories are made; what an earlier run left there is removed */
    TaskCheckpoints(NamespacedContent content, ContentStore store, LayerDiffer differ, LayerApplier applier,
                    Path workDir) throws IOException {
        this.content = content;
        this.store = store;
        this.differ = differ;
        this.applier = applier;
        this.workDir = workDir;
        Files.createDirectories(workDir);
        try (Stream<Path> left = Files.list(workDir)) {
            for (Path path : left.toList()) {
                Trees.deleteRecursively(path);
            }
        }
    }

    /** A fresh, empty, private directory for a checkpoint's images. */
    Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(workDir, prefix);
        } catch (IOException e) {
            throw new BerthException(ErrorKind.INTERNAL, "making a checkpoint directory: " + e.getMessage(), e);
        }
    }

    /** Removes a checkpoint directory, if it is still there. */
    void remove(Path directory) {
        try {
            Trees.deleteRecursively(directory);
        } catch (IOException e) {
            throw new BerthException(ErrorKind.INTERNAL, "removing checkpoint directory " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes a checkpoint into the namespace's content.
     *
     * @param images the directory the runtime wrote the checkpoint into
     * @param spec the container's spec
     * @return the images' and the spec's descriptors, in that order, as containerd answers
     */
    List<Descriptor> store(String namespace, Optional<String> lease, Path images, TypedValue spec) {
        String ref = "checkpoint-" + UUID.randomUUID();
        Path empty = newDirectory("empty-");
        Descriptor tar;
        try {
            IngestBlob blob = IngestBlob.open(content, namespace, lease, ref, true);
            blob.write(CHECKPOINT, out -> differ.diff(empty, images, DiffOptions.of(LayerApplier.OCI_TAR), out));
            tar = blob.commit(CHECKPOINT, Map.of());
        } finally {
            remove(empty);
        }
        byte[] config = Any.newBuilder().setTypeUrl(spec.typeUrl()).setValue(ByteString.copyFrom(spec.value()))
                .build().toByteArray();
        IngestBlob specIngest = IngestBlob.open(content, namespace, lease, ref + "-spec", true);
        specIngest.write(CONFIG, out -> {
            out.write(config);
            return null;
        });
        Descriptor specBlob = specIngest.commit(CONFIG, Map.of());
        return List.of(tar, specBlob);
    }

    /**
     * Unpacks a checkpoint the namespace holds into a fresh directory.
     *
     * @throws BerthException INVALID_ARGUMENT for a media type other than {@link #CHECKPOINT} or a tar that is
     *         refused, NOT_FOUND when the namespace holds no such blob
     */
    Path unpack(String namespace, Descriptor checkpoint) {
        if (!checkpoint.getMediaType().equals(CHECKPOINT)) {
            throw BerthException.invalidArgument("unsupported checkpoint type %s: only %s can be restored",
                    checkpoint.getMediaType(), CHECKPOINT);
        }
        Digest digest = Digest.parse(checkpoint.getDigest());
        content.info(namespace, digest);
        Path images = newDirectory("restore-");
        try (InputStream tar = store.read(digest, 0, 0)) {
            applier.apply(tar, LayerApplier.OCI_TAR, images, new ApplyOptions(WhiteoutMode.DELETE, false));
            return images;
        } catch (IOException | RuntimeException e) {
            remove(images);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new BerthException(ErrorKind.INTERNAL, "reading checkpoint " + digest + ": " + e.getMessage(), e);
        }
    }
}
