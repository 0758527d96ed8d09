package io.berth.snapshots.overlayfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.berth.api.snapshots.Mount;
import io.berth.linux.Posix;

/** A snapshot's mounts made with mount(2) on a target, as a client of the snapshotter does; closing unmounts. */
final class Mounted implements AutoCloseable {
    private final Path target;

    private Mounted(Path target) {
        this.target = target;
    }

    static Mounted at(Path target, List<Mount> mounts) throws IOException {
        if (mounts.size() != 1) {
            throw new IllegalArgumentException("one mount expected, got " + mounts);
        }
        Mount mount = mounts.getFirst();
        boolean readOnly = mount.options().contains("ro");
        switch (mount.type()) {
            case "bind" -> {
                Posix.mount(mount.source(), target, null, Posix.MS_BIND | Posix.MS_REC, null);
                if (readOnly) {
                    try {
                        Posix.mount("", target, null, Posix.MS_BIND | Posix.MS_REMOUNT | Posix.MS_RDONLY, null);
                    } catch (IOException e) {
                        Posix.umount2(target, Posix.MNT_DETACH);
                        throw e;
                    }
                }
            }
            case "overlay" -> {
                List<String> data = mount.options().stream().filter(o -> !o.equals("ro") && !o.equals("rw")).toList();
                Posix.mount(mount.source(), target, "overlay", readOnly ? Posix.MS_RDONLY : 0, String.join(",", data));
            }
            default -> throw new IllegalArgumentException("unexpected mount type " + mount);
        }
        return new Mounted(target);
    }

    Path root() {
        return target;
    }

    @Override
    public void close() throws IOException {
        Posix.umount2(target, Posix.MNT_DETACH);
    }
}
