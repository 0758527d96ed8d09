package io.berth.snapshots.devmapper;

/**
 * Where a thin device is in its life, as containerd's devmapper records it: each "-ing" state is written before
 * its dmsetup step and the state after it once the step succeeded, so that a crash leaves the step that was under
 * way for recovery to see.
 */
enum DeviceState {
    CREATING,
    CREATED,
    ACTIVATING,
    ACTIVATED,
    SUSPENDING,
    SUSPENDED,
    RESUMING,
    RESUMED,
    DEACTIVATING,
    DEACTIVATED,
    REMOVING,
    REMOVED;

    /** Whether the device is mapped in /dev/mapper, or may be, when the step that maps or unmaps it was cut. */
    boolean mayBeMapped() {
        return switch (this) {
            case CREATING, CREATED, REMOVED -> false;
            default -> this != DEACTIVATED;
        };
    }
}
