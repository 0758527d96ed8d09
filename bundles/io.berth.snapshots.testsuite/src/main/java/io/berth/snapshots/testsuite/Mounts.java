package io.berth.snapshots.testsuite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.berth.api.snapshots.Mount;
import io.berth.linux.Posix;

/** Mounts what a snapshotter returns the way containerd's mount package does, for tests that look inside. */
public final class Mounts {
    private Mounts() {
    }

    /** Mounts each of {@code mounts} on {@code target}, in order. */
    public static void mountAll(List<Mount> mounts, Path target) throws IOException {
        for (Mount mount : mounts) {
            mount(mount, target);
        }
    }

    /** Unmounts {@code target}; a busy mount is detached so that a failed test leaves nothing mounted. */
    public static void unmount(Path target) throws IOException {
        try {
            Posix.umount2(target, 0);
        } catch (IOException busy) {
            Posix.umount2(target, Posix.MNT_DETACH);
        }
    }

    private static void mount(Mount mount, Path target) throws IOException {
        long flags = 0;
        List<String> data = new ArrayList<>();
        for (String option : mount.options()) {
            switch (option) {
                case "ro" -> flags |= Posix.MS_RDONLY;
                case "rw" -> flags &= ~Posix.MS_RDONLY;
                case "bind" -> flags |= Posix.MS_BIND;
                case "rbind" -> flags |= Posix.MS_BIND | Posix.MS_REC;
                default -> data.add(option);
            }
        }
        boolean bind = (flags & Posix.MS_BIND) != 0 || mount.type().equals("bind");
        String type = bind ? null : mount.type();
        String options = data.isEmpty() ? null : String.join(",", data);
        if (bind) {
            // The kernel ignores MS_RDONLY on the bind itself; a remount applies it.
            Posix.mount(mount.source(), target, null, (flags & ~Posix.MS_RDONLY) | Posix.MS_BIND, options);
            if ((flags & Posix.MS_RDONLY) != 0) {
                Posix.mount("", target, null, Posix.MS_BIND | Posix.MS_REMOUNT | Posix.MS_RDONLY, null);
            }
        } else {
            Posix.mount(mount.source(), target, type, flags, options);
        }
    }
}
