package io.berth.linux;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;

/**
 * posix_spawn(3) of a binary with three pipes as its standard streams, its own working directory, no blocked
 * signals, every signal at its default action and no other descriptor. glibc clones with the parent's memory and
 * stops the parent only until the exec, so a spawn costs no copy of the daemon's page tables and no helper process in
 * between. Needs glibc 2.34 (posix_spawn_file_actions_addclosefrom_np).
 */
@SuppressWarnings("restricted")
final class PosixSpawn {
    static final int O_CLOEXEC = 02000000;

    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    // glibc x86_64 sizes are 336, 80 and 128 bytes; more room costs nothing and guards other builds.
    private static final long ATTR_SIZE = 512;
    private static final long FILE_ACTIONS_SIZE = 256;
    private static final long SIGSET_SIZE = 128;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final AddressLayout PTR = ValueLayout.ADDRESS;

    private static final MethodHandle PIPE2 = Posix.bind("pipe2", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle CLOSE = Posix.bind("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle SPAWN = plain("posix_spawn",
            FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, PTR, PTR));
    private static final MethodHandle ACTIONS_INIT = plain("posix_spawn_file_actions_init",
            FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ACTIONS_DESTROY = plain("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ACTIONS_DUP2 = plain("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(INT, PTR, INT, INT));
    private static final MethodHandle ACTIONS_CLOSEFROM = plain("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle ACTIONS_CHDIR = plain("posix_spawn_file_actions_addchdir_np",
            FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle ATTR_INIT = plain("posix_spawnattr_init", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ATTR_DESTROY = plain("posix_spawnattr_destroy", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ATTR_FLAGS = plain("posix_spawnattr_setflags",
            FunctionDescriptor.of(INT, PTR, ValueLayout.JAVA_SHORT));
    private static final MethodHandle ATTR_SIGMASK = plain("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle ATTR_SIGDEFAULT = plain("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle SIGEMPTYSET = plain("sigemptyset", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle SIGFILLSET = plain("sigfillset", FunctionDescriptor.of(INT, PTR));

    private PosixSpawn() {
    }

    private static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        Linker linker = Linker.nativeLinker();
        return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(), descriptor);
    }

    /** A pipe whose two ends close on exec: {@code [read end, write end]}. */
    static int[] pipe() throws IOException {
        int[] fds = new int[2];
        Posix.call("pipe2", Path.of("/proc/self/fd"), (arena, state) -> {
            MemorySegment pair = arena.allocate(INT, 2);
            int result = (int) PIPE2.invokeExact(state, pair, O_CLOEXEC);
            fds[0] = pair.getAtIndex(INT, 0);
            fds[1] = pair.getAtIndex(INT, 1);
            return result;
        });
        return fds;
    }

    /** Closes {@code fd}; a negative one (none) is skipped. */
    static void close(int fd) throws IOException {
        if (fd >= 0) {
            Posix.call("close", Path.of("/proc/self/fd/" + fd),
                    (arena, state) -> (int) CLOSE.invokeExact(state, fd));
        }
    }

    /**
     * Spawns {@code argv[0]} in {@code directory} with {@code stdin}, {@code stdout} and {@code stderr} as its
     * descriptors 0, 1 and 2 (dup2 clears their close-on-exec flag) and no other descriptor.
     *
     * @param environment "name=value" entries, the whole environment
     * @return the child's pid
     */
    static int spawn(List<String> argv, List<String> environment, Path directory, int stdin, int stdout, int stderr)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(ATTR_SIZE, 16);
            check("posix_spawn_file_actions_init", (int) ACTIONS_INIT.invokeExact(actions));
            try {
                check("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
                try {
                    check("posix_spawn_file_actions_adddup2", (int) ACTIONS_DUP2.invokeExact(actions, stdin, 0));
                    check("posix_spawn_file_actions_adddup2", (int) ACTIONS_DUP2.invokeExact(actions, stdout, 1));
                    check("posix_spawn_file_actions_adddup2", (int) ACTIONS_DUP2.invokeExact(actions, stderr, 2));
                    // The JDK opens jars and files without close-on-exec (ProcessBuilder closes them in its helper).
                    check("posix_spawn_file_actions_addclosefrom_np",
                            (int) ACTIONS_CLOSEFROM.invokeExact(actions, 3));
                    check("posix_spawn_file_actions_addchdir_np",
                            (int) ACTIONS_CHDIR.invokeExact(actions, Posix.cString(arena, directory)));
                    // The JVM blocks and handles signals for itself; a child must start clean of both.
                    MemorySegment none = arena.allocate(SIGSET_SIZE, 8);
                    MemorySegment all = arena.allocate(SIGSET_SIZE, 8);
                    check("sigemptyset", (int) SIGEMPTYSET.invokeExact(none));
                    check("sigfillset", (int) SIGFILLSET.invokeExact(all));
                    check("posix_spawnattr_setsigmask", (int) ATTR_SIGMASK.invokeExact(attr, none));
                    check("posix_spawnattr_setsigdefault", (int) ATTR_SIGDEFAULT.invokeExact(attr, all));
                    check("posix_spawnattr_setflags", (int) ATTR_FLAGS.invokeExact(attr,
                            (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)));
                    MemorySegment pid = arena.allocate(INT);
                    int error = (int) SPAWN.invokeExact(pid, arena.allocateFrom(argv.getFirst()), actions, attr,
                            strings(arena, argv), strings(arena, environment));
                    if (error != 0) {
                        throw new IOException("cannot run " + argv.getFirst() + " in " + directory + ": "
                                + Posix.strerror(error) + " (error " + error + ")");
                    }
                    return pid.get(INT, 0);
                } finally {
                    int ignored = (int) ATTR_DESTROY.invokeExact(attr);
                }
            } finally {
                int ignored = (int) ACTIONS_DESTROY.invokeExact(actions);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("posix_spawn could not be called", t);
        }
    }

    /** A NULL-ended array of C strings, as argv and envp are. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(PTR, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(PTR, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(PTR, values.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(String call, int error) throws IOException {
        if (error != 0) {
            throw new IOException(call + ": " + Posix.strerror(error));
        }
    }
}
