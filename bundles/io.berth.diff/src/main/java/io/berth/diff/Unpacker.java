package io.berth.diff;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import io.berth.api.diff.Applied;
import io.berth.api.diff.ApplyOptions;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.linux.Posix;
import io.berth.linux.Trees;

/**
 * One layer applied to one root, entry by entry in the manner of containerd's tar applier: names resolved
 * inside the root, what is in the way removed (a directory over a directory merges), owner, xattrs, mode and
 * times set in that order, directories' times last. The stream is decompressed and hashed on a thread of its
 * own, and small files are written on a few others ({@link FileWriters}); every entry that replaces, removes or
 * links to something waits for the files in flight first.
 */
final class Unpacker {
    private static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";
    private static final int MODE_BITS = 07777;
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_PERMISSIONS =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));

    private final RootPath rootPath;
    private final ApplyOptions options;
    private final long limit;
    private final Whiteouts whiteouts;
    private final Set<Path> unpacked = new HashSet<>();
    private final List<DirectoryTimes> directories = new ArrayList<>();
    /** Parent names already resolved and made, and where: valid until something is removed. */
    private final Map<String, Path> parents = new HashMap<>();
    private final byte[] buffer = new byte[64 * 1024];

    private record DirectoryTimes(Path path, Instant atime, Instant mtime) {
    }

    Unpacker(Path root, ApplyOptions options, long limit) {
        this.rootPath = new RootPath(root);
        this.options = options;
        this.limit = limit;
        this.whiteouts = new Whiteouts(options.whiteouts());
    }

    Applied apply(InputStream layer, String mediaType) {
        UncompressedStream uncompressed;
        try {
            uncompressed = new UncompressedStream(Decompression.open(layer, mediaType), limit);
        } catch (IOException e) {
            throw corrupt(e);
        }
        try (ReadAhead ahead = new ReadAhead(uncompressed, "layer-read");
             FileWriters writers = new FileWriters()) {
            TarArchiveInputStream tar = new TarArchiveInputStream(ahead);
            for (TarArchiveEntry entry = next(tar); entry != null; entry = next(tar)) {
                unpack(tar, entry, writers);
            }
            writers.awaitAll();
            drain(ahead);
            for (DirectoryTimes directory : directories) {
                if (Files.isDirectory(directory.path(), LinkOption.NOFOLLOW_LINKS)) {
                    Posix.lutimes(directory.path(), directory.atime(), directory.mtime());
                }
            }
        } catch (UncompressedStream.CorruptLayerException e) {
            throw corrupt(e);
        } catch (IOException e) {
            throw new BerthException(ErrorKind.INTERNAL, "applying layer to " + rootPath.root() + ": " + e.getMessage(),
                    e);
        }
        return new Applied(uncompressed.digest(), uncompressed.size());
    }

    /** Reads what the tar reader left (the end-of-archive padding) so that the digest covers the whole stream. */
    private static void drain(ReadAhead ahead) throws IOException {
        byte[] discard = new byte[8192];
        while (ahead.read(discard, 0, discard.length) >= 0) {
            // the bytes only feed the digest and the count
        }
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar) {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw corrupt(e);
        }
    }

    private static BerthException corrupt(Exception e) {
        Throwable cause = e instanceof UncompressedStream.CorruptLayerException && e.getCause() != null
                ? e.getCause() : e;
        String what = cause instanceof EOFException ? "truncated" : "corrupt";
        return new BerthException(ErrorKind.DATA_LOSS,
                "layer stream is " + what + ": " + cause.getMessage(), e);
    }

    private void unpack(TarArchiveInputStream tar, TarArchiveEntry entry, FileWriters writers) throws IOException {
        if (entry.isGlobalPaxHeader()) {
            return;
        }
        List<String> parts = RootPath.clean(entry.getName());
        if (parts.isEmpty()) {
            return;
        }
        if (entry.getSize() > limit) {
            throw new BerthException(ErrorKind.RESOURCE_EXHAUSTED, String.format(
                    "layer entry \"%s\" of %d bytes is over the maximum of %d bytes: refused",
                    entry.getName(), entry.getSize(), limit));
        }
        String base = parts.getLast();
        String parentName = String.join("/", parts.subList(0, parts.size() - 1));
        Path parent = parents.get(parentName);
        Path path;
        try {
            if (parent == null) {
                parent = rootPath.resolve(parentName);
            }
            path = parent.resolve(base);
        } catch (InvalidPathException e) {
            throw BerthException.invalidArgument("invalid name \"%s\" in the layer: %s", entry.getName(),
                    e.getMessage());
        }
        // A file in flight is never a symlink, so the names resolved meanwhile are the same after it is written.
        if (writers.touches(path)) {
            writers.awaitAll();
        }
        if (!parents.containsKey(parentName)) {
            Files.createDirectories(parent, DIRECTORY_PERMISSIONS);
            parents.put(parentName, parent);
        }
        if (Whiteouts.isWhiteout(base)) {
            writers.awaitAll();
            parents.clear();
            whiteouts.apply(parent, base, (int) entry.getLongUserId(), (int) entry.getLongGroupId(), unpacked);
            return;
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                && !(entry.isDirectory() && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))) {
            writers.awaitAll();
            parents.clear();
            Trees.deleteRecursively(path);
        }
        if (entry.isLink()) {
            writers.awaitAll();
            hardLink(entry, path);
        } else if (isRegularFile(entry) && entry.getSize() <= FileWriters.MAX_HANDED_OVER) {
            handOver(tar, entry, path, writers);
        } else {
            create(tar, entry, path);
            setMetadata(entry, path);
        }
        unpacked.add(path);
    }

    /** As {@link #create} tells them apart: commons-compress calls every entry a file that is no directory. */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isSymbolicLink() && !entry.isCharacterDevice() && !entry.isBlockDevice()
                && !entry.isFIFO();
    }

    /** Reads a small file's data here and leaves its creation to a writing thread. */
    private void handOver(TarArchiveInputStream tar, TarArchiveEntry entry, Path path, FileWriters writers)
            throws IOException {
        int size = (int) entry.getSize();
        writers.reserve(size);
        byte[] data;
        try {
            data = tar.readNBytes(size);
        } catch (IOException e) {
            throw corrupt(e);
        }
        if (data.length != size) {
            throw corrupt(new EOFException("entry \"" + entry.getName() + "\" ends after " + data.length
                    + " of its " + size + " bytes"));
        }
        writers.submit(path, size, () -> {
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                out.write(data);
            }
            setMetadata(entry, path);
        });
    }

    private void create(TarArchiveInputStream tar, TarArchiveEntry entry, Path path) throws IOException {
        int permissions = entry.getMode() & MODE_BITS;
        if (entry.isDirectory()) {
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(path);
            }
            directories.add(new DirectoryTimes(path, accessTime(entry), modificationTime(entry)));
        } else if (entry.isSymbolicLink()) {
            Posix.symlink(entry.getLinkName(), path);
        } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            if (!options.deviceNodes()) {
                throw BerthException.invalidArgument("layer entry \"%s\" is a device node (%d:%d), and device nodes "
                        + "are not allowed here", entry.getName(), entry.getDevMajor(), entry.getDevMinor());
            }
            int type = entry.isCharacterDevice() ? Posix.S_IFCHR : Posix.S_IFBLK;
            Posix.mknod(path, type | permissions, entry.getDevMajor(), entry.getDevMinor());
        } else if (entry.isFIFO()) {
            Posix.mknod(path, Posix.S_IFIFO | permissions, 0, 0);
        } else if (entry.isFile()) {
            writeFile(tar, path);
        } else {
            throw BerthException.invalidArgument("layer entry \"%s\" has unsupported type '%c'", entry.getName(),
                    (char) entry.getLinkFlag());
        }
    }

    private void writeFile(TarArchiveInputStream tar, Path path) throws IOException {
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            for (int n = readData(tar); n >= 0; n = readData(tar)) {
                out.write(buffer, 0, n);
            }
        }
    }

    private int readData(TarArchiveInputStream tar) {
        try {
            return tar.read(buffer);
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    /** A hard link whose target, like every name, is resolved inside the root; the target itself is not followed. */
    private void hardLink(TarArchiveEntry entry, Path path) throws IOException {
        List<String> parts = RootPath.clean(entry.getLinkName());
        if (parts.isEmpty()) {
            throw BerthException.invalidArgument("hard link \"%s\" in the layer points to the root directory",
                    entry.getName());
        }
        Path target = rootPath.resolve(String.join("/", parts.subList(0, parts.size() - 1))).resolve(parts.getLast());
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw BerthException.invalidArgument("hard link \"%s\" in the layer points to \"%s\", which does not "
                    + "exist in the layer's root", entry.getName(), entry.getLinkName());
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw BerthException.invalidArgument("hard link \"%s\" in the layer points to directory \"%s\"",
                    entry.getName(), entry.getLinkName());
        }
        Files.createLink(path, target);
    }

    /** Owner first (chown clears setuid and file capabilities), then xattrs, then the mode, then times. */
    private void setMetadata(TarArchiveEntry entry, Path path) throws IOException {
        Posix.lchown(path, (int) entry.getLongUserId(), (int) entry.getLongGroupId());
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            if (header.getKey().startsWith(XATTR_PAX_PREFIX)) {
                setXattr(path, header.getKey().substring(XATTR_PAX_PREFIX.length()), header.getValue());
            }
        }
        if (!entry.isSymbolicLink()) {
            Posix.chmod(path, entry.getMode() & MODE_BITS);
        }
        if (!entry.isDirectory()) {
            Posix.lutimes(path, accessTime(entry), modificationTime(entry));
        }
    }

    private static void setXattr(Path path, String name, String value) throws IOException {
        // commons-compress decodes PAX values as UTF-8: a binary value arrives with U+FFFD in place of its
        // invalid bytes and cannot be restored, so it is refused rather than written wrong.
        if (value.indexOf('\uFFFD') >= 0) {
            throw new BerthException(ErrorKind.NOT_IMPLEMENTED, "xattr " + name + " of " + path
                    + " has a binary value that is not valid UTF-8, which this applier cannot read yet");
        }
        try {
            Posix.lsetxattr(path, name, value.getBytes(StandardCharsets.UTF_8));
        } catch (Posix.PosixException e) {
            if (!e.notSupported()) {
                throw e;
            }
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, "the filesystem of " + path
                    + " does not support the layer's xattr " + name, e);
        }
    }

    private static Instant modificationTime(TarArchiveEntry entry) {
        FileTime mtime = entry.getLastModifiedTime();
        return mtime == null ? Instant.EPOCH : mtime.toInstant();
    }

    private static Instant accessTime(TarArchiveEntry entry) {
        FileTime atime = entry.getLastAccessTime();
        Instant mtime = modificationTime(entry);
        return atime == null || atime.toInstant().isBefore(mtime) ? mtime : atime.toInstant();
    }
}
