package io.berth.content.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.berth.api.content.ContentStore;
import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.Info;
import io.berth.api.content.ReaderAt;
import io.berth.api.content.Status;
import io.berth.api.daemon.Daemon;
import io.berth.api.errors.BerthException;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;

/**
 * containerd's local content store: blobs under {@code blobs/<alg>/<hex>}, resumable ingests under
 * {@code ingest/}. It keeps no labels: the metadata layer stores them (with namespaces) on top of it,
 * as containerd's metadata store does over its local store.
 */
@Component(service = ContentStore.class, configurationPid = LocalContentStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { Plugin.TYPE + "=" + PluginType.CONTENT, Plugin.ID + "=" + LocalContentStore.ID })
@Designate(ocd = LocalContentConfig.class)
public final class LocalContentStore implements ContentStore {
    static final String ID = "content";
    static final String PID = PluginType.CONTENT + "." + ID;

    private final Blobs blobs;
    private final Ingests ingests;

    @Activate
    public LocalContentStore(@Reference Daemon daemon, LocalContentConfig config) throws IOException {
        this(root(daemon, config.root_path()));
    }

    /** A store in {@code root}, created when missing; for embedding outside the framework. */
    public LocalContentStore(Path root) throws IOException {
        Files.createDirectories(root);
        Layout layout = new Layout(root);
        this.blobs = new Blobs(layout);
        this.ingests = new Ingests(layout, blobs);
        ingests.removeLeftovers();
    }

    static Path root(Daemon daemon, String rootPath) {
        return rootPath.isEmpty() ? daemon.pluginRoot(PluginType.CONTENT, ID) : Path.of(rootPath);
    }

    @Override
    public Info info(Digest digest) {
        return blobs.info(digest);
    }

    @Override
    public Info update(Info info, List<String> fieldpaths) {
        throw BerthException.failedPrecondition(
                "cannot update labels of content %s: the local content store keeps none, the metadata store does",
                info.digest());
    }

    @Override
    public void walk(Predicate<? super Info> filter, Consumer<? super Info> visitor) {
        blobs.walk(filter, visitor);
    }

    @Override
    public void delete(Digest digest) {
        blobs.delete(digest);
    }

    @Override
    public ReaderAt readerAt(Digest digest) {
        return blobs.open(digest);
    }

    @Override
    public ContentWriter writer(String ref, long expectedSize, Digest expectedDigest) {
        return ingests.open(ref, expectedSize, expectedDigest);
    }

    @Override
    public Status status(String ref) {
        return ingests.status(ref);
    }

    @Override
    public List<Status> listStatuses(Predicate<? super Status> filter) {
        return ingests.list(filter);
    }

    @Override
    public void abort(String ref) {
        ingests.abort(ref);
    }

    @Override
    public int cleanupIngests(Instant olderThan, Predicate<String> keep) {
        return ingests.cleanup(olderThan, keep);
    }
}
