package io.berth.snapshots.devmapper;

import java.util.List;

/** The argv of each dmsetup step, as containerd issues them; thin-pool messages go to sector 0 of the pool. */
final class DmCommands {
    private static final String DMSETUP = "dmsetup";

    private DmCommands() {
    }

    static String devicePath(String name) {
        return "/dev/mapper/" + name;
    }

    static List<String> createThin(String pool, long id) {
        return message(pool, "create_thin " + id);
    }

    /** A thin snapshot of {@code origin}; the origin must be suspended meanwhile when it is active. */
    static List<String> createSnapshot(String pool, long id, long origin) {
        return message(pool, "create_snap " + id + " " + origin);
    }

    static List<String> delete(String pool, long id) {
        return message(pool, "delete " + id);
    }

    static List<String> activate(String name, String pool, long id, long sectors) {
        return List.of(DMSETUP, "create", name, "--table", "0 " + sectors + " thin " + devicePath(pool) + " " + id);
    }

    static List<String> suspend(String name) {
        return List.of(DMSETUP, "suspend", name);
    }

    static List<String> resume(String name) {
        return List.of(DMSETUP, "resume", name);
    }

    static List<String> remove(String name) {
        return List.of(DMSETUP, "remove", name);
    }

    /** Succeeds only while the device is mapped. */
    static List<String> info(String name) {
        return List.of(DMSETUP, "info", name);
    }

    /** A thin device answers "0 <sectors> thin <mapped sectors> <highest mapped sector>". */
    static List<String> status(String name) {
        return List.of(DMSETUP, "status", name);
    }

    static List<String> discard(String name) {
        return List.of("blkdiscard", devicePath(name));
    }

    private static List<String> message(String pool, String message) {
        return List.of(DMSETUP, "message", pool, "0", message);
    }
}
