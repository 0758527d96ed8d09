package io.berth.services.diff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Mount;
import io.berth.linux.Posix;

/**
 * containerd's {@code mount.WithTempMount}: a fresh directory with the mounts stacked on it in order, as
 * {@code mount.All} does, taken down in reverse and removed on close. The directory is only ever removed empty,
 * so that a mount that would not go never takes the snapshot's files with it.
 */
final class TempMount implements AutoCloseable {
    private final Path target;
    private int mounted;

    private TempMount(Path target) {
        this.target = target;
    }

    /**
     * Mounts {@code mounts} on a new directory under {@code parent}, named with {@code prefix}; none leave it empty.
     *
     * @throws BerthException INVALID_ARGUMENT when a mount fails (nothing stays mounted then)
     */
    static TempMount mountAll(Path parent, String prefix, List<Mount> mounts) {
        List<MountOptions> options = mounts.stream().map(mount -> MountOptions.parse(mount.options())).toList();
        TempMount temp;
        try {
            Files.createDirectories(parent);
            temp = new TempMount(Files.createTempDirectory(parent, prefix));
        } catch (IOException e) {
            throw new BerthException(ErrorKind.INTERNAL, "cannot make a mount point under " + parent + ": "
                    + e.getMessage(), e);
        }
        try {
            for (int i = 0; i < mounts.size(); i++) {
                temp.mount(mounts.get(i), options.get(i));
            }
        } catch (RuntimeException e) {
            temp.closeAfter(e);
            throw e;
        }
        return temp;
    }

    Path root() {
        return target;
    }

    private void mount(Mount mount, MountOptions options) {
        try {
            if (!options.skipsFirstCall()) {
                Posix.mount(mount.source(), target, mount.type().isEmpty() ? null : mount.type(),
                        options.flags(), options.data());
                mounted++;
            }
            if (options.propagation() != 0) {
                Posix.mount("", target, null, options.propagation(), null);
            }
            if (options.readOnlyBind()) {
                Posix.mount("", target, null, options.flags() | Posix.MS_REMOUNT, null);
            }
        } catch (IOException e) {
            throw BerthException.invalidArgument("mount of type \"%s\" from %s with options %s failed: %s",
                    mount.type(), mount.source(), mount.options(), e.getMessage());
        }
    }

    private void closeAfter(RuntimeException failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** @throws BerthException INTERNAL when a mount would not go or the directory stays */
    @Override
    public void close() {
        try {
            for (; mounted > 0; mounted--) {
                unmount();
            }
            Files.delete(target);
        } catch (IOException e) {
            throw new BerthException(ErrorKind.INTERNAL, "cannot take down the temporary mount " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** A busy mount is detached instead: it goes once the last file open on it is closed. */
    private void unmount() throws IOException {
        try {
            Posix.umount2(target, 0);
        } catch (IOException busy) {
            Posix.umount2(target, Posix.MNT_DETACH);
        }
    }
}
