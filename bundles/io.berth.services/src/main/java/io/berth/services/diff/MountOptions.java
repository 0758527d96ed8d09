package io.berth.services.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.linux.Posix;

/**
 * A mount's options split as containerd's Linux mount does: the names mount(2) knows become flags (set or
 * cleared), propagation changes are kept apart for a second call, and everything else is the filesystem's data.
 *
 * @param flags the MS_* flags of the first mount call
 * @param propagation MS_SHARED, MS_PRIVATE, MS_SLAVE or MS_UNBINDABLE (with MS_REC), or 0
 * @param data the filesystem's options, comma-separated, or null when there are none
 */
record MountOptions(long flags, long propagation, String data) {
    private static final long MS_NOSUID = 2;
    private static final long MS_NODEV = 4;
    private static final long MS_NOEXEC = 8;
    private static final long MS_SYNCHRONOUS = 16;
    private static final long MS_MANDLOCK = 64;
    private static final long MS_DIRSYNC = 128;
    private static final long MS_NOATIME = 1024;
    private static final long MS_NODIRATIME = 2048;
    private static final long MS_UNBINDABLE = 1 << 17;
    private static final long MS_PRIVATE = 1 << 18;
    private static final long MS_SLAVE = 1 << 19;
    private static final long MS_SHARED = 1 << 20;
    private static final long MS_RELATIME = 1 << 21;
    private static final long MS_STRICTATIME = 1 << 24;

    /** An option's flag, and whether the option clears it rather than sets it. */
    private record Flag(long bits, boolean clears) {
    }

    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("async", new Flag(MS_SYNCHRONOUS, true)),
            Map.entry("atime", new Flag(MS_NOATIME, true)),
            Map.entry("bind", new Flag(Posix.MS_BIND, false)),
            Map.entry("defaults", new Flag(0, false)),
            Map.entry("dev", new Flag(MS_NODEV, true)),
            Map.entry("diratime", new Flag(MS_NODIRATIME, true)),
            Map.entry("dirsync", new Flag(MS_DIRSYNC, false)),
            Map.entry("exec", new Flag(MS_NOEXEC, true)),
            Map.entry("mand", new Flag(MS_MANDLOCK, false)),
            Map.entry("noatime", new Flag(MS_NOATIME, false)),
            Map.entry("nodev", new Flag(MS_NODEV, false)),
            Map.entry("nodiratime", new Flag(MS_NODIRATIME, false)),
            Map.entry("noexec", new Flag(MS_NOEXEC, false)),
            Map.entry("nomand", new Flag(MS_MANDLOCK, true)),
            Map.entry("norelatime", new Flag(MS_RELATIME, true)),
            Map.entry("nostrictatime", new Flag(MS_STRICTATIME, true)),
            Map.entry("nosuid", new Flag(MS_NOSUID, false)),
            Map.entry("rbind", new Flag(Posix.MS_BIND | Posix.MS_REC, false)),
            Map.entry("relatime", new Flag(MS_RELATIME, false)),
            Map.entry("remount", new Flag(Posix.MS_REMOUNT, false)),
            Map.entry("ro", new Flag(Posix.MS_RDONLY, false)),
            Map.entry("rw", new Flag(Posix.MS_RDONLY, true)),
            Map.entry("strictatime", new Flag(MS_STRICTATIME, false)),
            Map.entry("suid", new Flag(MS_NOSUID, true)),
            Map.entry("sync", new Flag(MS_SYNCHRONOUS, false)));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "shared", MS_SHARED, "rshared", MS_SHARED | Posix.MS_REC,
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | Posix.MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | Posix.MS_REC,
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | Posix.MS_REC);

    /** @throws BerthException NOT_IMPLEMENTED for loop devices and id-mapped mounts, which Berth does not set up */
    static MountOptions parse(List<String> options) {
        long flags = 0;
        long propagation = 0;
        List<String> data = new ArrayList<>();
        for (String option : options) {
            Flag flag = FLAGS.get(option);
            if (flag != null) {
                flags = flag.clears() ? flags & ~flag.bits() : flags | flag.bits();
            } else if (PROPAGATION.containsKey(option)) {
                propagation |= PROPAGATION.get(option);
            } else if (option.equals("loop") || option.startsWith("uidmap=") || option.startsWith("gidmap=")) {
                throw new BerthException(ErrorKind.NOT_IMPLEMENTED,
                        "mount option \"" + option + "\": loop devices and id-mapped mounts are not supported");
            } else {
                data.add(option);
            }
        }
        return new MountOptions(flags, propagation, data.isEmpty() ? null : String.join(",", data));
    }

    /** A bind mount asked to be read-only: mount(2) ignores MS_RDONLY on the bind itself, so a remount follows. */
    boolean readOnlyBind() {
        return (flags & (Posix.MS_BIND | Posix.MS_RDONLY)) == (Posix.MS_BIND | Posix.MS_RDONLY);
    }

    /** The remount-only case with no new data: the first call is skipped, as containerd does. */
    boolean skipsFirstCall() {
        return (flags & Posix.MS_REMOUNT) != 0 && data == null;
    }
}
