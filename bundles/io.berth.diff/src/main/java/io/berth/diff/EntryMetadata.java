package io.berth.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.linux.CreatedFile;
import io.berth.linux.Posix;

/**
 * A layer entry's owner, xattrs, mode and times, set in that order: chown clears setuid bits and file
 * capabilities, so it goes first; an access ACL rewrites the mode, so the mode comes after the xattrs. What a
 * creation in a plain directory gave already (see {@link CreationDefaults}) is not set again.
 */
final class EntryMetadata {
    static final int MODE_BITS = 07777;
    private static final int SETGID = 02000;
    private static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";
    private static final String DEFAULT_ACL_XATTR = "system.posix_acl_default";

    /** Where the owner, the mode and the times go. */
    private interface Target {
        void chown(int uid, int gid) throws IOException;

        void chmod(int mode) throws IOException;

        void setTimes(Instant atime, Instant mtime) throws IOException;
    }

    private final CreationDefaults defaults;

    EntryMetadata(CreationDefaults defaults) {
        this.defaults = defaults;
    }

    /**
     * Sets the metadata of {@code path} itself (a symlink's own, not its target's); directories' times are left
     * for the end of the layer.
     *
     * @param plainNew whether {@code path} was just created, by this process, in a plain directory
     */
    void set(TarArchiveEntry entry, Path path, boolean plainNew) throws IOException {
        set(entry, path, plainNew, new Target() {
            @Override
            public void chown(int uid, int gid) throws IOException {
                Posix.lchown(path, uid, gid);
            }

            @Override
            public void chmod(int mode) throws IOException {
                Posix.chmod(path, mode);
            }

            @Override
            public void setTimes(Instant atime, Instant mtime) throws IOException {
                Posix.lutimes(path, atime, mtime);
            }
        });
    }

    /** Sets the metadata of a regular file through its descriptor, open since its creation. */
    void set(TarArchiveEntry entry, CreatedFile file, Path path, boolean plainNew) throws IOException {
        set(entry, path, plainNew, new Target() {
            @Override
            public void chown(int uid, int gid) throws IOException {
                file.chown(uid, gid);
            }

            @Override
            public void chmod(int mode) throws IOException {
                file.chmod(mode);
            }

            @Override
            public void setTimes(Instant atime, Instant mtime) throws IOException {
                file.setTimes(atime, mtime);
            }
        });
    }

    private void set(TarArchiveEntry entry, Path path, boolean plainNew, Target target) throws IOException {
        int uid = (int) entry.getLongUserId();
        int gid = (int) entry.getLongGroupId();
        if (!plainNew || !defaults.owns(uid, gid)) {
            target.chown(uid, gid);
        }
        boolean xattrs = false;
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            if (header.getKey().startsWith(XATTR_PAX_PREFIX)) {
                setXattr(path, header.getKey().substring(XATTR_PAX_PREFIX.length()), header.getValue());
                xattrs = true;
            }
        }
        int permissions = entry.getMode() & MODE_BITS;
        if (!entry.isSymbolicLink() && (!plainNew || xattrs || !defaults.keepsMode(permissions))) {
            target.chmod(permissions);
        }
        if (!entry.isDirectory()) {
            target.setTimes(accessTime(entry), modificationTime(entry));
        }
    }

    /**
     * Whether a directory made for {@code entry} in a plain directory is plain too: what is created in it gets
     * this process's owner and the umask's mode, as neither a setgid bit nor a default ACL changes them.
     */
    static boolean keepsPlain(TarArchiveEntry entry) {
        return (entry.getMode() & SETGID) == 0
                && !entry.getExtraPaxHeaders().containsKey(XATTR_PAX_PREFIX + DEFAULT_ACL_XATTR);
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

    static Instant modificationTime(TarArchiveEntry entry) {
        FileTime mtime = entry.getLastModifiedTime();
        return mtime == null ? Instant.EPOCH : mtime.toInstant();
    }

    static Instant accessTime(TarArchiveEntry entry) {
        FileTime atime = entry.getLastAccessTime();
        Instant mtime = modificationTime(entry);
        return atime == null || atime.toInstant().isBefore(mtime) ? mtime : atime.toInstant();
    }
}
