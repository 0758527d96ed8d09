package io.berth.cli.images;

import io.berth.cli.Berth;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.InfoRequest;
import io.berth.proto.containerd.services.content.v1.ReadContentRequest;
import io.berth.proto.containerd.services.content.v1.ReadContentResponse;
import io.berth.proto.containerd.services.images.v1.GetImageRequest;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.berth.proto.containerd.types.Descriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth images export FILE IMAGE...}: the images and the blobs they reach, read through the content
 * service, as an OCI image layout in a tar, as {@code ctr images export} writes it. An index's manifests that the
 * namespace does not hold (the other platforms of a pull) are left out, as containerd's platform filter does.
 */
@Command(name = "export", description = "Export images to an OCI image layout tar archive")
final class ImagesExportCommand implements Callable<Integer> {
    /** A manifest or index is read whole to find its children. */
    private static final long MAX_JSON = 8L << 20;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Archive to write; - for standard output")
    private String file;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "Names of the images to export")
    private List<String> images = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Berth berth = Berth.of(spec);
        try (Daemon daemon = berth.connect()) {
            List<OciLayout.Entry> entries = new ArrayList<>();
            Set<OciLayout.Blob> blobs = new LinkedHashSet<>();
            for (String name : images) {
                Descriptor target = daemon.call("get image " + name, ImagesGrpc::newBlockingStub,
                        stub -> stub.get(GetImageRequest.newBuilder().setName(name).build())).getImage().getTarget();
                OciLayout.Blob root = new OciLayout.Blob(target.getMediaType(), target.getDigest(), target.getSize());
                entries.add(new OciLayout.Entry(root, name));
                collect(daemon, root, true, blobs);
            }
            if (file.equals("-")) {
                write(daemon, berth.stdout(), entries, blobs);
                berth.stdout().flush();
            } else {
                Path target = Path.of(file).toAbsolutePath();
                Path partial = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".partial");
                try {
                    try (OutputStream out = Files.newOutputStream(partial)) {
                        write(daemon, out, entries, blobs);
                    }
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
        }
        return 0;
    }

    /** Adds {@code blob} and all it reaches; a blob the namespace lacks fails the export unless it may be skipped. */
    private static void collect(Daemon daemon, OciLayout.Blob blob, boolean required, Set<OciLayout.Blob> blobs) {
        if (blobs.contains(blob)) {
            return;
        }
        if (!present(daemon, blob.digest())) {
            if (required) {
                throw new CommandFailure("export: " + blob.mediaType() + " " + blob.digest()
                        + " is not in the namespace's content");
            }
            return;
        }
        blobs.add(blob);
        if (blob.hasChildren()) {
            if (blob.size() > MAX_JSON) {
                throw new CommandFailure("export: " + blob.digest() + " is larger than " + MAX_JSON + " bytes");
            }
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            read(daemon, blob.digest(), json);
            for (OciLayout.Blob child : OciLayout.children(blob, json.toByteArray())) {
                collect(daemon, child, !blob.isIndex(), blobs);
            }
        }
    }

    private static boolean present(Daemon daemon, String digest) {
        try {
            daemon.call("info " + digest, ContentGrpc::newBlockingStub,
                    stub -> stub.info(InfoRequest.newBuilder().setDigest(digest).build()));
            return true;
        } catch (CommandFailure failure) {
            if (failure.code() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw failure;
        }
    }

    private static void write(Daemon daemon, OutputStream out, List<OciLayout.Entry> entries,
            Set<OciLayout.Blob> blobs) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            file(tar, OciLayout.LAYOUT_FILE, OciLayout.layoutFile());
            Set<String> dirs = new LinkedHashSet<>(List.of("blobs/"));
            blobs.forEach(blob -> dirs.add(OciLayout.path(blob.digest()).substring(0,
                    OciLayout.path(blob.digest()).lastIndexOf('/') + 1)));
            for (String dir : dirs) {
                TarArchiveEntry entry = new TarArchiveEntry(dir);
                entry.setMode(0755 | 040000);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (OciLayout.Blob blob : blobs) {
                TarArchiveEntry entry = new TarArchiveEntry(OciLayout.path(blob.digest()));
                entry.setSize(blob.size());
                entry.setMode(0444 | 0100000);
                tar.putArchiveEntry(entry);
                long written = read(daemon, blob.digest(), tar);
                if (written != blob.size()) {
                    throw new CommandFailure("export: " + blob.digest() + " has " + written + " bytes, its descriptor says "
                            + blob.size());
                }
                tar.closeArchiveEntry();
            }
            file(tar, OciLayout.INDEX_FILE, OciLayout.indexFile(entries));
            tar.finish();
        }
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0444 | 0100000);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** Copies a blob from the content service to {@code out}; returns its length. */
    private static long read(Daemon daemon, String digest, OutputStream out) {
        String what = "read " + digest;
        ReadContentRequest request = ReadContentRequest.newBuilder().setDigest(digest).build();
        Iterator<ReadContentResponse> chunks = daemon.stream(what, ContentGrpc::newBlockingStub, stub -> stub.read(request));
        long length = 0;
        try {
            while (chunks.hasNext()) {
                ReadContentResponse chunk = chunks.next();
                chunk.getData().writeTo(out);
                length += chunk.getData().size();
            }
        } catch (StatusRuntimeException e) {
            throw daemon.failure(what, e);
        } catch (IOException e) {
            throw new CommandFailure(what + ": " + e.getMessage(), e);
        }
        return length;
    }
}
