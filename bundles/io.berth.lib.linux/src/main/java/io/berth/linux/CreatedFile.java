package io.berth.linux;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A regular file created new and still open: its data, owner, mode and times are set through the descriptor,
 * so the path is looked up once, at the creation, and never again. The creation refuses a name that exists,
 * a symlink included, so it can neither follow nor overwrite anything.
 */
@SuppressWarnings("restricted")
public final class CreatedFile implements Closeable {
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;

    // open(2) takes its mode as a variadic argument.
    private static final MethodHandle OPEN = Posix.bind("open", FunctionDescriptor.of(INT, PTR, INT, INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle WRITE = Posix.bind("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    private static final MethodHandle FCHOWN = Posix.bind("fchown", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle FCHMOD = Posix.bind("fchmod", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle FUTIMENS = Posix.bind("futimens", FunctionDescriptor.of(INT, INT, PTR));
    private static final MethodHandle CLOSE = Posix.bind("close", FunctionDescriptor.of(INT, INT));

    private final Path path;
    private final int fd;
    private boolean closed;

    private CreatedFile(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Creates {@code path}, which must not exist, open for writing, with {@code mode} less the process's umask
     * (as open(2) does).
     */
    public static CreatedFile create(Path path, int mode) throws IOException {
        int[] fd = new int[1];
        Posix.call("open", path, (arena, state) -> {
            fd[0] = (int) OPEN.invokeExact(state, Posix.cString(arena, path),
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
            return fd[0] < 0 ? -1 : 0;
        });
        return new CreatedFile(path, fd[0]);
    }

    /** Writes all {@code length} bytes of {@code data} from {@code offset}. */
    public void write(byte[] data, int offset, int length) throws IOException {
        Posix.call("write", path, (arena, state) -> {
            MemorySegment buffer = arena.allocate(Math.max(1, length));
            MemorySegment.copy(data, offset, buffer, ValueLayout.JAVA_BYTE, 0, length);
            for (long written = 0; written < length; ) {
                long n = (long) WRITE.invokeExact(state, fd, buffer.asSlice(written), length - written);
                if (n < 0) {
                    return -1;
                }
                written += n;
            }
            return 0;
        });
    }

    public void chown(int uid, int gid) throws IOException {
        Posix.call("fchown", path, (arena, state) -> (int) FCHOWN.invokeExact(state, fd, uid, gid));
    }

    /** fchmod(2): the whole mode, setuid, setgid and sticky bits included. */
    public void chmod(int mode) throws IOException {
        Posix.call("fchmod", path, (arena, state) -> (int) FCHMOD.invokeExact(state, fd, mode));
    }

    public void setTimes(Instant atime, Instant mtime) throws IOException {
        Posix.call("futimens", path, (arena, state) -> {
            MemorySegment times = arena.allocate(LONG, 4);
            times.setAtIndex(LONG, 0, atime.getEpochSecond());
            times.setAtIndex(LONG, 1, atime.getNano());
            times.setAtIndex(LONG, 2, mtime.getEpochSecond());
            times.setAtIndex(LONG, 3, mtime.getNano());
            return (int) FUTIMENS.invokeExact(state, fd, times);
        });
    }

    /** Closes the descriptor once; a second close does nothing. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Posix.call("close", path, (arena, state) -> (int) CLOSE.invokeExact(state, fd));
        }
    }
}
