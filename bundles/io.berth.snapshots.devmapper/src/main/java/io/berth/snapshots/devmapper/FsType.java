package io.berth.snapshots.devmapper;

import java.util.ArrayList;
import java.util.List;

/** The file systems the devices carry, and how each is made and mounted. */
enum FsType {
    EXT4("ext4"),
    XFS("xfs");

    /** containerd's choice when fs_options is empty: initialise everything now, leave discards to the pool. */
    private static final String EXT4_DEFAULT_OPTIONS = "nodiscard,lazy_itable_init=0,lazy_journal_init=0";

    private final String type;

    FsType(String type) {
        this.type = type;
    }

    static FsType named(String name) {
        for (FsType fs : values()) {
            if (fs.type.equals(name)) {
                return fs;
            }
        }
        throw new IllegalArgumentException("fs_type '" + name + "' is not supported: use ext4 or xfs");
    }

    String type() {
        return type;
    }

    /** The argv that makes the file system on {@code device}; options apply to ext4 only, as in containerd. */
    List<String> mkfs(String options, String device) {
        return switch (this) {
            case EXT4 -> List.of("mkfs.ext4", "-E", options.isEmpty() ? EXT4_DEFAULT_OPTIONS : options, device);
            case XFS -> List.of("mkfs.xfs", device);
        };
    }

    /** Every device is a snapshot of another, so xfs would refuse the copies of one file system uuid. */
    List<String> mountOptions(boolean readOnly) {
        List<String> options = new ArrayList<>();
        if (this == XFS) {
            options.add("nouuid");
        }
        if (readOnly) {
            options.add("ro");
        }
        return List.copyOf(options);
    }
}
