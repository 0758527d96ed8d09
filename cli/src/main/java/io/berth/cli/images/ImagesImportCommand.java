package io.berth.cli.images;

import io.berth.cli.Berth;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.proto.containerd.services.images.v1.CreateImageRequest;
import io.berth.proto.containerd.services.images.v1.Image;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.berth.proto.containerd.services.images.v1.UpdateImageRequest;
import io.berth.proto.containerd.services.leases.v1.CreateRequest;
import io.berth.proto.containerd.services.leases.v1.DeleteRequest;
import io.berth.proto.containerd.services.leases.v1.LeasesGrpc;
import io.berth.proto.containerd.types.Descriptor;
import io.berth.proto.containerd.types.Platform;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth images import FILE}: an OCI image layout tar (as {@code ctr images export} or
 * {@code berth images export} write it) into the namespace, through the content and images services as ctr does:
 * the blobs the layout's index reaches are written with the content Write stream, which refuses a blob whose bytes
 * are not its digest's, labelled so that each image keeps its children, all under a lease until the images are
 * recorded. Then each image's layers for this machine's platform are unpacked into the snapshotter through the
 * snapshots and diff services, as ctr's import does, unless {@code --no-unpack} is given.
 */
@Command(name = "import", description = "Import images from an OCI image layout tar archive")
final class ImagesImportCommand implements Callable<Integer> {
    /** Manifests, indexes and configs are read whole from the archive to find what they name. */
    private static final long MAX_JSON = 8L << 20;
    private static final long LEASE_HOURS = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--snapshotter", paramLabel = "NAME", defaultValue = "${env:CONTAINERD_SNAPSHOTTER:-overlayfs}",
            description = "Snapshotter to unpack into (env CONTAINERD_SNAPSHOTTER, default: overlayfs)")
    private String snapshotter;

    @Option(names = "--no-unpack", description = "Only store the images' content; do not unpack their layers")
    private boolean noUnpack;

    @Parameters(paramLabel = "FILE", description = "The archive to import")
    private Path file;

    @Override
    public Integer call() throws IOException {
        Archive archive = scan();
        if (archive.index == null) {
            throw new CommandFailure("import " + file + ": no " + OciLayout.INDEX_FILE
                    + " in the archive: it is no OCI image layout");
        }
        List<OciLayout.Entry> entries = OciLayout.readIndex(archive.index);
        Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
        for (OciLayout.Entry entry : entries) {
            if (entry.name().isEmpty()) {
                throw new CommandFailure("import " + file + ": index.json names no image for " + entry.target().digest());
            }
            collect(archive, entry.target(), true, wanted);
        }
        PrintWriter out = spec.commandLine().getOut();
        Berth berth = Berth.of(spec);
        try (Daemon daemon = berth.connect()) {
            String lease = daemon.call("create lease", LeasesGrpc::newBlockingStub, stub -> stub.create(
                    CreateRequest.newBuilder().putLabels("containerd.io/gc.expire",
                            Instant.now().plus(LEASE_HOURS, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString())
                            .build())).getLease().getId();
            try (Daemon leased = daemon.underLease(berth.namespace(), lease)) {
                writeBlobs(leased, wanted);
                for (OciLayout.Entry entry : entries) {
                    record(leased, entry);
                    out.println("imported " + entry.name() + " " + entry.target().digest());
                    if (!noUnpack) {
                        unpack(leased, archive, entry);
                        out.println("unpacked " + entry.name() + " into " + snapshotter);
                    }
                }
            } finally {
                daemon.call("delete lease " + lease, LeasesGrpc::newBlockingStub,
                        stub -> stub.delete(DeleteRequest.newBuilder().setId(lease).build()));
            }
        }
        out.flush();
        return 0;
    }

    /** What the first read of the archive finds: index.json, and the blobs small enough to be JSON, by digest. */
    private static final class Archive {
        byte[] index;
        final Map<String, Long> sizes = new HashMap<>();
        final Map<String, byte[]> small = new HashMap<>();
    }

    private Archive scan() throws IOException {
        Archive archive = new Archive();
        try (TarArchiveInputStream tar = open()) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (!entry.isFile()) {
                    continue;
                }
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                if (name.equals(OciLayout.INDEX_FILE)) {
                    archive.index = readSmall(tar, entry, name);
                    continue;
                }
                String digest = OciLayout.digestOf(name);
                if (digest != null) {
                    archive.sizes.put(digest, entry.getSize());
                    if (entry.getSize() <= MAX_JSON) {
                        archive.small.put(digest, tar.readAllBytes());
                    }
                }
            }
        }
        return archive;
    }

    /** Adds {@code blob} and the blobs it names to {@code wanted}, each with the labels that keep its children. */
    private void collect(Archive archive, OciLayout.Blob blob, boolean required,
            Map<String, Map<String, String>> wanted) {
        if (wanted.containsKey(blob.digest())) {
            return;
        }
        Long size = archive.sizes.get(blob.digest());
        if (size == null) {
            if (required) {
                throw new CommandFailure("import " + file + ": the archive lacks " + blob.mediaType() + " "
                        + blob.digest());
            }
            return;
        }
        if (size != blob.size()) {
            throw new CommandFailure("import " + file + ": " + blob.digest() + " has " + size
                    + " bytes in the archive, its descriptor says " + blob.size());
        }
        List<OciLayout.Blob> children = new ArrayList<>();
        if (blob.hasChildren()) {
            byte[] content = archive.small.get(blob.digest());
            if (content == null) {
                throw new CommandFailure("import " + file + ": " + blob.digest() + " is larger than " + MAX_JSON
                        + " bytes");
            }
            for (OciLayout.Blob child : OciLayout.children(blob, content)) {
                // An index may name manifests of platforms the archive does not carry.
                if (!blob.isIndex() || archive.sizes.containsKey(child.digest())) {
                    children.add(child);
                }
            }
        }
        wanted.put(blob.digest(), OciLayout.gcLabels(blob, children));
        for (OciLayout.Blob child : children) {
            collect(archive, child, true, wanted);
        }
    }

    private void writeBlobs(Daemon daemon, Map<String, Map<String, String>> wanted) throws IOException {
        try (TarArchiveInputStream tar = open()) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String digest = entry.isFile() ? OciLayout.digestOf(entry.getName()) : null;
                Map<String, String> labels = digest == null ? null : wanted.remove(digest);
                if (labels != null) {
                    BlobUpload.write(daemon, digest, entry.getSize(), tar, labels);
                }
            }
        }
    }

    /** Unpacks the layers of the entry's manifest for this machine's platform. */
    private void unpack(Daemon daemon, Archive archive, OciLayout.Entry entry) {
        Platform platform = ImageContent.hostPlatform();
        OciLayout.Blob manifest = entry.target();
        while (manifest.isIndex()) {
            manifest = OciLayout.manifestsFor(manifest, archive.small.get(manifest.digest()), platform.getOs(),
                    platform.getArchitecture()).stream().filter(found -> archive.sizes.containsKey(found.digest()))
                    .findFirst().orElseThrow(() -> new CommandFailure("import " + file + ": " + entry.name()
                            + " has no manifest for " + platform.getOs() + "/" + platform.getArchitecture()
                            + " to unpack; import it with --no-unpack"));
        }
        List<OciLayout.Blob> children = OciLayout.children(manifest, archive.small.get(manifest.digest()));
        if (children.isEmpty()) {
            throw new CommandFailure("import " + file + ": manifest " + manifest.digest() + " names no config");
        }
        OciLayout.Blob config = children.getFirst();
        byte[] configJson = archive.small.get(config.digest());
        if (configJson == null) {
            throw new CommandFailure("import " + file + ": config " + config.digest() + " is larger than " + MAX_JSON
                    + " bytes");
        }
        LayerUnpack.unpack(daemon, snapshotter, children.subList(1, children.size()),
                OciLayout.diffIds(config.digest(), configJson), config.digest());
    }

    private static void record(Daemon daemon, OciLayout.Entry entry) {
        Image image = Image.newBuilder().setName(entry.name()).setTarget(Descriptor.newBuilder()
                .setMediaType(entry.target().mediaType())
                .setDigest(entry.target().digest())
                .setSize(entry.target().size())).build();
        try {
            daemon.call("create image " + entry.name(), ImagesGrpc::newBlockingStub,
                    stub -> stub.create(CreateImageRequest.newBuilder().setImage(image).build()));
        } catch (CommandFailure failure) {
            if (failure.code() != Status.Code.ALREADY_EXISTS) {
                throw failure;
            }
            UpdateImageRequest.Builder update = UpdateImageRequest.newBuilder().setImage(image);
            update.getUpdateMaskBuilder().addPaths("target");
            daemon.call("update image " + entry.name(), ImagesGrpc::newBlockingStub, stub -> stub.update(update.build()));
        }
    }

    private TarArchiveInputStream open() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure("import " + file + ": no such file");
        }
        InputStream in = Files.newInputStream(file);
        return new TarArchiveInputStream(in);
    }

    private byte[] readSmall(TarArchiveInputStream tar, TarArchiveEntry entry, String name) throws IOException {
        if (entry.getSize() > MAX_JSON) {
            throw new CommandFailure("import " + file + ": " + name + " is larger than " + MAX_JSON + " bytes");
        }
        return tar.readAllBytes();
    }
}
