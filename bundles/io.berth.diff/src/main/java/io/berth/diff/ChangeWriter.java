package io.berth.diff;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.linux.Posix;

/**
 * Writes changes as tar entries the way containerd's change writer does: a deletion becomes an empty
 * {@code .wh.<name>} file, everything else an entry with the upper file's mode, owner, mtime (whole seconds),
 * xattrs and content, preceded by the directories above it that the layer does not hold yet. The first changed
 * name of a hard-linked file carries its content; its other names, changed or not, become links to it.
 */
final class ChangeWriter implements ChangeHandler {
    private static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";
    private static final int MODE_BITS = 07777;

    private final TarArchiveOutputStream tar;
    private final Path upper;
    private final Optional<Instant> sourceDateEpoch;
    private final FileTime whiteoutTime;
    private final Set<String> writtenDirectories = new HashSet<>();
    /** The name each hard-linked inode was first written under. */
    private final Map<String, String> linkSources = new HashMap<>();
    /** Unchanged names of hard-linked inodes that no changed name has been written for yet. */
    private final Map<String, List<String>> unwrittenLinks = new HashMap<>();
    private final byte[] buffer = new byte[64 * 1024];

    ChangeWriter(TarArchiveOutputStream tar, Path upper, Optional<Instant> sourceDateEpoch) {
        this.tar = tar;
        this.upper = upper;
        this.sourceDateEpoch = sourceDateEpoch;
        // containerd stamps whiteouts with the time of the diff; a fixed time keeps equal trees' layers equal.
        this.whiteoutTime = FileTime.from(sourceDateEpoch.orElse(Instant.EPOCH));
    }

    @Override
    public void change(ChangeKind kind, String name, Path file, FileState state) throws IOException {
        if (kind == ChangeKind.DELETED) {
            int slash = name.lastIndexOf('/');
            writeMarker(name.substring(0, slash + 1) + Whiteouts.PREFIX + name.substring(slash + 1));
            return;
        }
        if (state.type() == FileState.S_IFSOCK) {
            // A socket is bound by a running process: no layer format can carry it.
            return;
        }
        List<String> alsoLinked = List.of();
        if (state.isHardLinked()) {
            String source = linkSources.get(state.inode());
            if (source != null) {
                writeLink(name, file, state, source);
                return;
            }
            if (kind == ChangeKind.UNMODIFIED) {
                unwrittenLinks.computeIfAbsent(state.inode(), inode -> new ArrayList<>()).add(name);
                return;
            }
            linkSources.put(state.inode(), name);
            alsoLinked = unwrittenLinks.getOrDefault(state.inode(), List.of());
            unwrittenLinks.remove(state.inode());
        } else if (kind == ChangeKind.UNMODIFIED) {
            return;
        }
        includeParents(name);
        write(name, file, state);
        for (String link : alsoLinked) {
            writeLink(link, upper.resolve(link), state, name);
        }
    }

    @Override
    public void opaque(String name) throws IOException {
        writeMarker(name + "/" + Whiteouts.OPAQUE);
    }

    /** A whiteout or opaque marker: an empty regular file owned by root with no mode. */
    private void writeMarker(String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        entry.setMode(0);
        entry.setSize(0);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setLastModifiedTime(whiteoutTime);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    /** The directories above {@code name} that are not in the layer yet, from the top down; never the root. */
    private void includeParents(String name) throws IOException {
        List<String> missing = new ArrayList<>();
        for (int slash = name.lastIndexOf('/'); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
            String parent = name.substring(0, slash);
            if (writtenDirectories.contains(parent)) {
                break;
            }
            missing.addFirst(parent);
        }
        for (String parent : missing) {
            Path directory = upper.resolve(parent);
            write(parent, directory, FileState.of(directory));
        }
    }

    private void write(String name, Path file, FileState state) throws IOException {
        TarArchiveEntry entry = header(name, file, state);
        tar.putArchiveEntry(entry);
        if (state.isRegularFile()) {
            copyContent(file, state.size());
        }
        tar.closeArchiveEntry();
        if (state.isDirectory()) {
            writtenDirectories.add(name);
        }
    }

    private void writeLink(String name, Path file, FileState state, String source) throws IOException {
        includeParents(name);
        TarArchiveEntry entry = header(name, file, state);
        TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_LINK);
        link.setLinkName(source);
        link.setMode(entry.getMode());
        link.setUserId(entry.getLongUserId());
        link.setGroupId(entry.getLongGroupId());
        link.setUserName("");
        link.setGroupName("");
        link.setLastModifiedTime(entry.getLastModifiedTime());
        entry.getExtraPaxHeaders().forEach(link::addPaxHeader);
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
    }

    private TarArchiveEntry header(String name, Path file, FileState state) throws IOException {
        TarArchiveEntry entry = switch (state.type()) {
            case FileState.S_IFDIR -> new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
            case FileState.S_IFREG -> {
                TarArchiveEntry regular = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                regular.setSize(state.size());
                yield regular;
            }
            case FileState.S_IFLNK -> {
                TarArchiveEntry symlink = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                symlink.setLinkName(Files.readSymbolicLink(file).toString());
                yield symlink;
            }
            case Posix.S_IFCHR, Posix.S_IFBLK -> {
                TarArchiveEntry device = new TarArchiveEntry(name,
                        state.type() == Posix.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK);
                device.setDevMajor(Posix.major(state.rdev()));
                device.setDevMinor(Posix.minor(state.rdev()));
                yield device;
            }
            case Posix.S_IFIFO -> new TarArchiveEntry(name, TarConstants.LF_FIFO);
            default -> throw new BerthException(ErrorKind.INTERNAL, String.format(
                    "cannot put %s in a layer: unknown file type %o", file, state.type()));
        };
        entry.setMode(state.mode() & MODE_BITS);
        entry.setUserId(state.uid());
        entry.setGroupId(state.gid());
        entry.setUserName("");
        entry.setGroupName("");
        entry.setLastModifiedTime(modificationTime(state));
        for (Map.Entry<String, byte[]> xattr : Xattrs.of(file).entrySet()) {
            entry.addPaxHeader(XATTR_PAX_PREFIX + xattr.getKey(), text(file, xattr.getKey(), xattr.getValue()));
        }
        return entry;
    }

    /** The mtime in whole seconds, as a tar header holds it, and never after the source date epoch. */
    private FileTime modificationTime(FileState state) {
        Instant mtime = state.mtime().toInstant().truncatedTo(ChronoUnit.SECONDS);
        if (sourceDateEpoch.isPresent() && mtime.isAfter(sourceDateEpoch.get())) {
            mtime = sourceDateEpoch.get();
        }
        return FileTime.from(mtime);
    }

    /**
     * An xattr value as a PAX record carries it. commons-compress writes records as UTF-8 text, so a binary value
     * (such as most {@code security.capability} values) would be changed on the way: it is refused instead.
     */
    private static String text(Path file, String name, byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new BerthException(ErrorKind.NOT_IMPLEMENTED, "xattr " + name + " of " + file
                    + " has a binary value that is not valid UTF-8, which this differ cannot write yet");
        }
    }

    /** Exactly {@code size} bytes: a file that shrank while it was read fails the diff rather than the tar. */
    private void copyContent(Path file, long size) throws IOException {
        long left = size;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(file + " shrank to " + (size - left) + " bytes while it was read; "
                            + size + " were expected");
                }
                tar.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
