package io.berth.diff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What lstat(2) says of one file: the fields a diff compares and writes.
 *
 * @param mode st_mode, the file type bits included
 */
record FileState(int mode, int uid, int gid, long rdev, long size, FileTime mtime, long dev, long ino, int nlink) {
    static final int S_IFMT = 0170000;
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;
    static final int S_IFSOCK = 0140000;

    private static final String ATTRIBUTES = "unix:mode,uid,gid,rdev,size,lastModifiedTime,dev,ino,nlink";

    static FileState of(Path path) throws IOException {
        Map<String, Object> stat = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new FileState((int) stat.get("mode"), (int) stat.get("uid"), (int) stat.get("gid"),
                (long) stat.get("rdev"), (long) stat.get("size"), (FileTime) stat.get("lastModifiedTime"),
                (long) stat.get("dev"), (long) stat.get("ino"), (int) stat.get("nlink"));
    }

    int type() {
        return mode & S_IFMT;
    }

    boolean isDirectory() {
        return type() == S_IFDIR;
    }

    boolean isRegularFile() {
        return type() == S_IFREG;
    }

    boolean isSymbolicLink() {
        return type() == S_IFLNK;
    }

    /** A non-directory with more than one name: kept as hard links in the layer. */
    boolean isHardLinked() {
        return !isDirectory() && nlink > 1;
    }

    /** The inode, for telling hard links of one file apart from equal copies. */
    String inode() {
        return dev + ":" + ino;
    }
}
