package io.berth.runtime.shim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.berth.api.errors.BerthException;
import io.berth.api.namespaces.Identifiers;
import io.berth.api.namespaces.Namespaces;
import io.berth.linux.Posix;
import io.berth.linux.Trees;

/**
 * A task's bundle, laid out as containerd lays it out: {@code <state>/<namespace>/<id>/} holds the spec
 * ({@code config.json}), the {@code rootfs} directory the shim mounts the root filesystem on, the {@code log} FIFO
 * the shim writes its log to, a {@code work} link to {@code <root>/<namespace>/<id>/} (the runtime's persistent
 * work directory), the {@code checkpoint} a restored task starts from and, once the shim runs, its {@code address} and the {@code shim-binary-path} that started it,
 * which is what a restarted daemon reconnects and cleans up with.
 */
final class ShimBundle {
    static final String CONFIG = "config.json";
    static final String ROOTFS = "rootfs";
    static final String LOG = "log";
    static final String WORK = "work";
    static final String ADDRESS = "address";
    static final String SHIM_BINARY = "shim-binary-path";
    static final String CHECKPOINT = "checkpoint";

    private final String namespace;
    private final String id;
    private final Path path;
    private final Path workDir;

    private ShimBundle(String namespace, String id, Path path, Path workDir) {
        this.namespace = namespace;
        this.id = id;
        this.path = path;
        this.workDir = workDir;
    }

    /**
     * The bundle of a task, whether or not it exists.
     *
     * @throws BerthException INVALID_ARGUMENT for an invalid namespace or task id: neither can leave its directory
     */
    static ShimBundle of(Path stateRoot, Path workRoot, String namespace, String id) {
        Namespaces.validate(namespace);
        Identifiers.validate("container id", id);
        return new ShimBundle(namespace, id, stateRoot.resolve(namespace).resolve(id),
                workRoot.resolve(namespace).resolve(id));
    }

    /**
     * Creates the bundle with its spec; on failure removes what it made.
     *
     * @throws BerthException ALREADY_EXISTS when the task's bundle exists
     */
    void create(byte[] spec) throws IOException {
        List<Path> made = new ArrayList<>();
        try {
            Files.createDirectories(path.getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx--x--x")));
            try {
                Posix.createDirectory(path, 0700);
            } catch (FileAlreadyExistsException e) {
                throw BerthException.alreadyExists("bundle of task %s in namespace %s already exists: %s", id,
                        namespace, path);
            }
            made.add(path);
            Posix.createDirectory(path.resolve(ROOTFS), 0711);
            Files.createDirectories(workDir.getParent());
            try {
                Posix.createDirectory(workDir, 0711);
            } catch (FileAlreadyExistsException e) {
                // Left by a task of this id that was not cleaned up: containerd starts such a work dir afresh too.
                Trees.deleteRecursively(workDir);
                Posix.createDirectory(workDir, 0711);
            }
            made.add(workDir);
            Files.createSymbolicLink(path.resolve(WORK), workDir);
            Files.write(path.resolve(CONFIG), spec);
            Posix.mknod(path.resolve(LOG), Posix.S_IFIFO | 0700, 0, 0);
        } catch (IOException | RuntimeException e) {
            for (Path p : made.reversed()) {
                try {
                    Trees.deleteRecursively(p);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    String namespace() {
        return namespace;
    }

    String id() {
        return id;
    }

    Path path() {
        return path;
    }

    Path rootfs() {
        return path.resolve(ROOTFS);
    }

    Path log() {
        return path.resolve(LOG);
    }

    /**
     * Moves a checkpoint's directory into the bundle, so that it goes with the bundle.
     *
     * @return where it is now
     */
    Path takeCheckpoint(Path images) throws IOException {
        Path target = path.resolve(CHECKPOINT);
        Files.move(images, target);
        return target;
    }

    boolean exists() {
        return Files.isDirectory(path);
    }

    void writeAddress(String address) throws IOException {
        writeAtomically(ADDRESS, address);
    }

    Optional<String> address() throws IOException {
        return read(ADDRESS);
    }

    /**
     * Records the binary that starts the task's shim. Written in place, once, into the new bundle, as containerd
     * does: a daemon that died before the write ended finds it empty, which reads as not written.
     */
    void writeShimBinary(Path binary) throws IOException {
        Files.writeString(path.resolve(SHIM_BINARY), binary.toString(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    Optional<Path> shimBinary() throws IOException {
        return read(SHIM_BINARY).filter(written -> !written.isEmpty()).map(Path::of);
    }

    /**
     * Removes the bundle and its work directory, unmounting the root filesystem first when the shim left it
     * mounted. A root filesystem that stays mounted is never walked into: the bundle is then kept.
     */
    void delete() throws IOException {
        try {
            StackedMounts.unmountAll(rootfs());
        } catch (IOException e) {
            throw new IOException("root filesystem " + rootfs() + " could not be unmounted; bundle kept: "
                    + e.getMessage(), e);
        }
        Trees.deleteRecursively(workDir);
        Trees.deleteRecursively(path);
    }

    private void writeAtomically(String name, String content) throws IOException {
        Path temporary = path.resolve("." + name + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, path.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private Optional<String> read(String name) throws IOException {
        try {
            return Optional.of(Files.readString(path.resolve(name), StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
