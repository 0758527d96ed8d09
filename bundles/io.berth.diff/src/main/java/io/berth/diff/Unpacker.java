package io.berth.diff;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import io.berth.api.diff.Applied;
import io.berth.api.diff.ApplyOptions;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.linux.CreatedFile;
import io.berth.linux.Posix;
import io.berth.linux.Trees;

/**
 * One layer applied to one root, entry by entry in the manner of containerd's tar applier: names resolved
 * inside the root, what is in the way removed (a directory over a directory merges), owner, xattrs, mode and
 * times set in that order, directories' times last. The stream is decompressed and hashed on a thread of its
 * own, and small files are written on a few others ({@link FileWriters}); every entry that replaces, removes or
 * links to something waits for the files in flight first. In a directory the layer made (and in an empty root, as
 * a new snapshot's is) nothing can be in an entry's way but what the layer put there, so entries are made there
 * without looking first; owners and modes are set only where the creation did not give them ({@link
 * EntryMetadata}).
 */
final class Unpacker {
    private static final int PERMISSION_BITS = 0777;
    private static final int SETGID = 02000;
    private static final int IMPLIED_DIRECTORY_MODE = 0755;
    private static final FileAttribute<Set<PosixFilePermission>> IMPLIED_DIRECTORY_PERMISSIONS =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));
    private static final String DEFAULT_ACL_XATTR = "system.posix_acl_default";

    private final RootPath rootPath;
    private final ApplyOptions options;
    private final long limit;
    private final Whiteouts whiteouts;
    private final Set<Path> unpacked = new HashSet<>();
    /** The directories made for names through a symlink, and their parents: maybe made, maybe there before. */
    private final Set<Path> implied = new HashSet<>();
    private final List<DirectoryTimes> directoryTimes = new ArrayList<>();
    /** Directory names (cleaned) already resolved and made, and what is known of them: valid until a removal. */
    private final Map<String, KnownDirectory> directories = new HashMap<>();
    private final byte[] buffer = new byte[256 * 1024];
    private EntryMetadata metadata;
    private boolean rootPlain;

    private record DirectoryTimes(Path path, Instant atime, Instant mtime) {
    }

    /**
     * A directory inside the root, no symlink.
     *
     * @param madeHere made empty by this apply: nothing is in it that {@link #madeByThisLayer} does not know
     * @param plain what is created in it gets this process's owner and the mode asked less the umask
     */
    private record KnownDirectory(Path path, boolean madeHere, boolean plain) {
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
            lookAtRoot();
            TarArchiveInputStream tar = new TarArchiveInputStream(ahead);
            for (TarArchiveEntry entry = next(tar); entry != null; entry = next(tar)) {
                unpack(tar, entry, writers);
            }
            writers.awaitAll();
            drain(ahead);
            for (DirectoryTimes directory : directoryTimes) {
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

    /** What the creations in the root will give, and whether the root is empty (as a new snapshot is). */
    private void lookAtRoot() throws IOException {
        Path root = rootPath.root();
        metadata = new EntryMetadata(CreationDefaults.ofThisProcess());
        int mode = (int) Files.getAttribute(root, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        rootPlain = (mode & SETGID) == 0 && !hasDefaultAcl(root);
        boolean empty;
        try (Stream<Path> children = Files.list(root)) {
            empty = children.findAny().isEmpty();
        }
        directories.put("", new KnownDirectory(root, empty, rootPlain));
    }

    private static boolean hasDefaultAcl(Path directory) throws IOException {
        try {
            return Posix.llistxattr(directory).contains(DEFAULT_ACL_XATTR);
        } catch (Posix.PosixException e) {
            if (e.notSupported()) {
                return false;
            }
            throw e;
        }
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
        String name = String.join("/", parts);
        KnownDirectory parent;
        Path path;
        try {
            parent = directory(String.join("/", parts.subList(0, parts.size() - 1)), writers);
            path = parent.path().resolve(base);
        } catch (InvalidPathException e) {
            throw BerthException.invalidArgument("invalid name \"%s\" in the layer: %s", entry.getName(),
                    e.getMessage());
        }
        // A file in flight is never a symlink, so the names resolved meanwhile are the same after it is written.
        if (writers.touches(path)) {
            writers.awaitAll();
        }
        if (Whiteouts.isWhiteout(base)) {
            writers.awaitAll();
            forgetDirectories();
            whiteouts.apply(parent.path(), base, (int) entry.getLongUserId(), (int) entry.getLongGroupId(),
                    unpacked);
            return;
        }
        // Nothing is in a directory this layer made but what the layer put there. A name known through a
        // symlink to a directory is not that directory.
        KnownDirectory known = directories.get(name);
        if (known != null && !known.path().equals(path)) {
            known = null;
        }
        boolean absent = known == null && (parent.madeHere() && !madeByThisLayer(path)
                || !Files.exists(path, LinkOption.NOFOLLOW_LINKS));
        boolean merges = entry.isDirectory()
                && (known != null || !absent && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS));
        if (!absent && !merges) {
            writers.awaitAll();
            forgetDirectories();
            Trees.deleteRecursively(path);
            absent = true;
        }
        boolean plainNew = absent && parent.plain();
        if (entry.isLink()) {
            writers.awaitAll();
            hardLink(entry, path);
        } else if (isRegularFile(entry) && entry.getSize() <= FileWriters.MAX_HANDED_OVER) {
            handOver(tar, entry, path, plainNew, writers);
        } else if (isRegularFile(entry)) {
            writeFile(tar, entry, path, plainNew);
        } else {
            create(entry, path, absent);
            metadata.set(entry, path, plainNew);
            if (entry.isDirectory()) {
                boolean madeHere = absent || known != null && known.madeHere();
                boolean plain = (plainNew || known != null && known.plain()) && EntryMetadata.keepsPlain(entry);
                directories.put(name, new KnownDirectory(path, madeHere, plain));
            }
        }
        unpacked.add(path);
    }

    /**
     * The directory {@code name} (cleaned) leads to inside the root, made with its parents when missing. One in
     * a directory this layer made is made without looking: nothing can be in its way.
     */
    private KnownDirectory directory(String name, FileWriters writers) throws IOException {
        KnownDirectory known = directories.get(name);
        if (known != null) {
            return known;
        }
        int slash = name.lastIndexOf('/');
        KnownDirectory parent = directory(slash < 0 ? "" : name.substring(0, slash), writers);
        Path path = parent.path().resolve(name.substring(slash + 1));
        if (writers.touches(path)) {
            writers.awaitAll();
        }
        if (parent.madeHere() && !madeByThisLayer(path)) {
            Posix.mkdir(path, IMPLIED_DIRECTORY_MODE);
            known = new KnownDirectory(path, true, parent.plain());
        } else {
            Path resolved = rootPath.resolve(name);
            if (writers.touches(resolved)) {
                writers.awaitAll();
            }
            Files.createDirectories(resolved, IMPLIED_DIRECTORY_PERMISSIONS);
            for (Path made = resolved; !made.equals(rootPath.root()); made = made.getParent()) {
                implied.add(made);
            }
            known = new KnownDirectory(resolved, false, false);
        }
        directories.put(name, known);
        return known;
    }

    /** Whether an entry or an implied directory of this layer is (or was) {@code path}. */
    private boolean madeByThisLayer(Path path) {
        return unpacked.contains(path) || implied.contains(path);
    }

    /** After a removal, what was known of the directories may be wrong: they are looked at again. */
    private void forgetDirectories() {
        directories.clear();
        directories.put("", new KnownDirectory(rootPath.root(), false, rootPlain));
    }

    /** As {@link #create} tells them apart: commons-compress calls every entry a file that is no directory. */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isSymbolicLink() && !entry.isCharacterDevice() && !entry.isBlockDevice()
                && !entry.isFIFO();
    }

    /** Reads a small file's data here and leaves its creation to a writing thread. */
    private void handOver(TarArchiveInputStream tar, TarArchiveEntry entry, Path path, boolean plainNew,
                          FileWriters writers) throws IOException {
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
            try (CreatedFile file = CreatedFile.create(path, entry.getMode() & PERMISSION_BITS)) {
                file.write(data, 0, size);
                metadata.set(entry, file, path, plainNew);
            }
        });
    }

    private void writeFile(TarArchiveInputStream tar, TarArchiveEntry entry, Path path, boolean plainNew)
            throws IOException {
        try (CreatedFile file = CreatedFile.create(path, entry.getMode() & PERMISSION_BITS)) {
            for (int n = readData(tar); n >= 0; n = readData(tar)) {
                file.write(buffer, 0, n);
            }
            metadata.set(entry, file, path, plainNew);
        }
    }

    /** Makes what {@code entry} is at {@code path}, other than a regular file or hard link. */
    private void create(TarArchiveEntry entry, Path path, boolean absent) throws IOException {
        int permissions = entry.getMode() & PERMISSION_BITS;
        if (entry.isDirectory()) {
            if (absent) {
                Posix.mkdir(path, permissions);
            }
            directoryTimes.add(new DirectoryTimes(path, EntryMetadata.accessTime(entry),
                    EntryMetadata.modificationTime(entry)));
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
        } else {
            throw BerthException.invalidArgument("layer entry \"%s\" has unsupported type '%c'", entry.getName(),
                    (char) entry.getLinkFlag());
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
}
