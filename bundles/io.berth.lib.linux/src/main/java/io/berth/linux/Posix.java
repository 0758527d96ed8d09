package io.berth.linux;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The Linux calls that java.nio.file lacks (owners of symlinks, device nodes, xattrs, setuid modes, times of
 * symlinks, mounts), bound through the foreign function API. Every call fails with an IOException naming the call,
 * the path and the error. Binding native functions is what this class is for: the JVM runs with
 * {@code --enable-native-access} for it, hence no "restricted" warnings.
 */
@SuppressWarnings("restricted")
public final class Posix {
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFIFO = 0010000;

    /** mount(2) flags and umount2(2)'s lazy detach. */
    public static final long MS_RDONLY = 1;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final int MNT_DETACH = 2;

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int ENOENT = 2;
    private static final int EINVAL = 22;
    private static final int ENOTSUP = 95;
    private static final int STATX_INO = 0x100;
    private static final int STATX_BLOCKS = 0x400;
    /** struct statx: its size and the offsets of stx_ino, stx_blocks, stx_dev_major and stx_dev_minor. */
    private static final long STATX_SIZE = 256;
    private static final long STX_INO = 32;
    private static final long STX_BLOCKS = 48;
    private static final long STX_DEV_MAJOR = 136;
    private static final long STX_DEV_MINOR = 140;
    private static final int XATTR_SIZE_MAX = 65536;
    private static final int XATTR_LIST_MAX = 65536;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final AddressLayout PTR = ValueLayout.ADDRESS;

    private static final MethodHandle LCHOWN = bind("lchown", FunctionDescriptor.of(INT, PTR, INT, INT));
    private static final MethodHandle CHMOD = bind("chmod", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle MKDIR = bind("mkdir", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle MKNOD = bind("mknod", FunctionDescriptor.of(INT, PTR, INT, LONG));
    private static final MethodHandle SYMLINK = bind("symlink", FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle LSETXATTR = bind("lsetxattr", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, INT));
    private static final MethodHandle LGETXATTR = bind("lgetxattr", FunctionDescriptor.of(LONG, PTR, PTR, PTR, LONG));
    private static final MethodHandle LLISTXATTR = bind("llistxattr", FunctionDescriptor.of(LONG, PTR, PTR, LONG));
    private static final MethodHandle UTIMENSAT = bind("utimensat", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
    private static final MethodHandle MOUNT = bind("mount", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, PTR));
    private static final MethodHandle UMOUNT2 = bind("umount2", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle STATX = bind("statx", FunctionDescriptor.of(INT, INT, PTR, INT, INT, PTR));
    private static final MethodHandle GETPAGESIZE = LINKER.downcallHandle(LIBC.find("getpagesize").orElseThrow(),
            FunctionDescriptor.of(INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
            FunctionDescriptor.of(PTR.withTargetLayout(ValueLayout.JAVA_BYTE), INT));

    private Posix() {
    }

    static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = Linker.Option.captureCallState("errno");
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor, all);
    }

    public static void lchown(Path path, int uid, int gid) throws IOException {
        call("lchown", path, (arena, state) -> (int) LCHOWN.invokeExact(state, cString(arena, path), uid, gid));
    }

    /** chmod(2), which unlike {@code Files.setPosixFilePermissions} keeps setuid, setgid and sticky bits. */
    public static void chmod(Path path, int mode) throws IOException {
        call("chmod", path, (arena, state) -> (int) CHMOD.invokeExact(state, cString(arena, path), mode));
    }

    /** mkdir(2): the directory gets {@code mode} less the process's umask, as a file created by open(2) does. */
    public static void mkdir(Path path, int mode) throws IOException {
        call("mkdir", path, (arena, state) -> (int) MKDIR.invokeExact(state, cString(arena, path), mode));
    }

    /**
     * Creates a directory with exactly the permission bits {@code mode} (no setuid, setgid or sticky bit), as
     * {@link Files#createDirectory} does, failing the same way. mkdir(2) leaves out what the umask masks, so the
     * mode is set again, and only then: on paths where every file system call counts, the usual umask costs
     * nothing.
     */
    public static Path createDirectory(Path dir, int mode) throws IOException {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(permissions(mode)));
        if ((mode & Umask.VALUE) != 0) {
            chmod(dir, mode);
        }
        return dir;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values();
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (0400 >> bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }

    /** Read once, when first needed: nothing in the daemon changes its umask. */
    private static final class Umask {
        static final int VALUE = read();

        private static int read() {
            try {
                return ProcSelfStatus.read().umask();
            } catch (IOException e) {
                // Without /proc the mode is always set again: correct, one call dearer.
                return 0777;
            }
        }
    }

    /** mknod(2); {@code mode} carries the file type ({@link #S_IFCHR}, {@link #S_IFBLK}, {@link #S_IFIFO}). */
    public static void mknod(Path path, int mode, int major, int minor) throws IOException {
        long device = makedev(major, minor);
        call("mknod", path, (arena, state) -> (int) MKNOD.invokeExact(state, cString(arena, path), mode, device));
    }

    /** symlink(2) with the target's exact text, which {@code Path} would normalise. */
    public static void symlink(String target, Path link) throws IOException {
        call("symlink", link, (arena, state) ->
                (int) SYMLINK.invokeExact(state, arena.allocateFrom(target), cString(arena, link)));
    }

    public static void lsetxattr(Path path, String name, byte[] value) throws IOException {
        call("lsetxattr " + name, path, (arena, state) -> {
            MemorySegment data = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, data, ValueLayout.JAVA_BYTE, 0, value.length);
            return (int) LSETXATTR.invokeExact(state, cString(arena, path), arena.allocateFrom(name), data,
                    (long) value.length, 0);
        });
    }

    /** The value of xattr {@code name} of {@code path} itself (not of a symlink's target). */
    public static byte[] lgetxattr(Path path, String name) throws IOException {
        byte[][] value = new byte[1][];
        call("lgetxattr " + name, path, (arena, state) -> {
            MemorySegment data = arena.allocate(XATTR_SIZE_MAX);
            long length = (long) LGETXATTR.invokeExact(state, cString(arena, path), arena.allocateFrom(name), data,
                    data.byteSize());
            if (length >= 0) {
                value[0] = data.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
            }
            return length < 0 ? -1 : 0;
        });
        return value[0];
    }

    /** The names of the xattrs of {@code path} itself (not of a symlink's target). */
    public static List<String> llistxattr(Path path) throws IOException {
        List<String> names = new ArrayList<>();
        call("llistxattr", path, (arena, state) -> {
            MemorySegment data = arena.allocate(XATTR_LIST_MAX);
            long length = (long) LLISTXATTR.invokeExact(state, cString(arena, path), data, data.byteSize());
            // The list is names each ended by a NUL byte.
            for (long offset = 0; offset < length; ) {
                String name = data.getString(offset);
                names.add(name);
                offset += name.getBytes(StandardCharsets.UTF_8).length + 1;
            }
            return length < 0 ? -1 : 0;
        });
        return names;
    }

    /**
     * An inode: the device and number that tell it from every other, and the bytes the file system has allocated
     * to it (st_blocks in 512-byte units, which is what du counts: less than the size for a sparse file, whole
     * blocks for a small one).
     */
    public record Inode(long device, long number, long allocatedBytes) {
    }

    /** statx(2) of {@code path} itself, not of what a symlink points to. */
    public static Inode inode(Path path) throws IOException {
        long[] fields = new long[4];
        call("statx", path, (arena, state) -> {
            MemorySegment stat = arena.allocate(STATX_SIZE, 8);
            int result = (int) STATX.invokeExact(state, AT_FDCWD, cString(arena, path), AT_SYMLINK_NOFOLLOW,
                    STATX_INO | STATX_BLOCKS, stat);
            fields[0] = Integer.toUnsignedLong(stat.get(INT, STX_DEV_MAJOR));
            fields[1] = Integer.toUnsignedLong(stat.get(INT, STX_DEV_MINOR));
            fields[2] = stat.get(LONG, STX_INO);
            fields[3] = stat.get(LONG, STX_BLOCKS);
            return result;
        });
        return new Inode(makedev((int) fields[0], (int) fields[1]), fields[2], fields[3] * 512);
    }

    /** Sets access and modification times of {@code path} itself, symlinks included. */
    public static void lutimes(Path path, Instant atime, Instant mtime) throws IOException {
        call("utimensat", path, (arena, state) -> {
            MemorySegment times = arena.allocate(LONG, 4);
            times.setAtIndex(LONG, 0, atime.getEpochSecond());
            times.setAtIndex(LONG, 1, atime.getNano());
            times.setAtIndex(LONG, 2, mtime.getEpochSecond());
            times.setAtIndex(LONG, 3, mtime.getNano());
            return (int) UTIMENSAT.invokeExact(state, AT_FDCWD, cString(arena, path), times, AT_SYMLINK_NOFOLLOW);
        });
    }

    /**
     * mount(2).
     *
     * @param source the device or directory; for overlay and tmpfs any name
     * @param type the filesystem type, or null for a bind or a change of flags
     * @param flags MS_* flags
     * @param data the filesystem's options, comma-separated, or null
     */
    public static void mount(String source, Path target, String type, long flags, String data) throws IOException {
        call("mount " + source + " on", target, (arena, state) -> (int) MOUNT.invokeExact(state,
                arena.allocateFrom(source), cString(arena, target), orNull(arena, type), flags, orNull(arena, data)));
    }

    /** umount2(2) with {@code flags} such as {@link #MNT_DETACH}. */
    public static void umount2(Path target, int flags) throws IOException {
        call("umount2", target, (arena, state) -> (int) UMOUNT2.invokeExact(state, cString(arena, target), flags));
    }

    /**
     * Unmounts the topmost mount on {@code target}, as containerd's unmount loop does: without reading the mount
     * table, whose size grows with every container on the node.
     *
     * @return false when there was nothing to unmount: the target is not a mount point (EINVAL) or does not exist
     */
    public static boolean unmountTopmost(Path target) throws IOException {
        try {
            umount2(target, 0);
            return true;
        } catch (PosixException e) {
            if (e.errno == EINVAL || e.errno == ENOENT) {
                return false;
            }
            throw e;
        }
    }

    /** The size of a memory page: the most option text one mount(2) call passes to a filesystem. */
    public static int pageSize() {
        try {
            return (int) GETPAGESIZE.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("getpagesize could not be called", t);
        }
    }

    private static MemorySegment orNull(Arena arena, String text) {
        return text == null ? MemorySegment.NULL : arena.allocateFrom(text);
    }

    @FunctionalInterface
    interface Invocation {
        /** Makes the call, its errno captured in {@code state}; returns 0 on success, -1 on failure. */
        int invoke(Arena arena, MemorySegment state) throws Throwable;
    }

    static void call(String name, Path path, Invocation invocation) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int result;
            try {
                result = invocation.invoke(arena, state);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(name + " could not be called", t);
            }
            if (result != 0) {
                int errno = (int) ERRNO.get(state, 0L);
                throw new PosixException(name, path, errno, strerror(errno));
            }
        }
    }

    /** glibc's makedev: the 64-bit dev_t of a major and minor number. */
    public static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    /** glibc's major: the major number of a 64-bit dev_t, such as the {@code unix:rdev} of a device node. */
    public static int major(long device) {
        return (int) (((device >>> 8) & 0xfffL) | ((device >>> 32) & 0xfffff000L));
    }

    /** glibc's minor: the minor number of a 64-bit dev_t. */
    public static int minor(long device) {
        return (int) ((device & 0xffL) | ((device >>> 12) & 0xffffff00L));
    }

    static MemorySegment cString(Arena arena, Path path) {
        return arena.allocateFrom(path.toString());
    }

    static String strerror(int errno) {
        try {
            MemorySegment message = (MemorySegment) STRERROR.invokeExact(errno);
            return message.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** A failed call, with its errno for callers that tolerate some. */
    public static final class PosixException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        PosixException(String call, Path path, int errno, String message) {
            super(call + " " + path + ": " + message);
            this.errno = errno;
        }

        /** The filesystem has no xattrs of this namespace. */
        public boolean notSupported() {
            return errno == ENOTSUP;
        }

        /** The path, or a directory on its way, does not exist. */
        public boolean noSuchFile() {
            return errno == ENOENT;
        }
    }
}
