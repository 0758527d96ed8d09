package io.berth.snapshots.devmapper;

import java.util.Optional;

import io.berth.api.snapshots.Kind;

/**
 * What recovery does with a device it finds in the journal, decided from the step it was in and from the snapshot
 * record (if any) that owns it. Snapshot records commit only after their device steps, and a device is deleted
 * only once its record is gone: so a device without a record is a leftover to undo, and one with a record only
 * needs to be brought back to the state its kind wants (active and view devices mapped, committed ones not).
 */
enum RecoveryStep {
    /** It is as its record wants it. */
    KEEP,
    /** Map it. */
    ACTIVATE,
    /** Unmap it, measuring it first. */
    DEACTIVATE,
    /** A snapshot of it was being taken: let its writes through again. */
    RESUME,
    /** Let its writes through, then unmap it. */
    RESUME_AND_DEACTIVATE,
    /** No record owns it: unmap it, delete it from the pool, forget it. */
    ROLL_BACK,
    /** It was deleted already: forget it. */
    FORGET,
    /** A record owns it but it may be missing from the pool: leave it for its snapshot's removal. */
    FAULTY;

    static RecoveryStep decide(DeviceInfo device, Optional<Kind> recordKind) {
        DeviceState state = device.state();
        if (recordKind.isEmpty()) {
            return state == DeviceState.REMOVED ? FORGET : ROLL_BACK;
        }
        boolean wantsMapped = recordKind.get() != Kind.COMMITTED;
        return switch (state) {
            case CREATING, REMOVING, REMOVED -> FAULTY;
            case SUSPENDING, SUSPENDED, RESUMING -> wantsMapped ? RESUME : RESUME_AND_DEACTIVATE;
            case ACTIVATED, RESUMED -> wantsMapped ? KEEP : DEACTIVATE;
            case DEACTIVATED -> wantsMapped ? ACTIVATE : KEEP;
            case CREATED, ACTIVATING, DEACTIVATING -> wantsMapped ? ACTIVATE : DEACTIVATE;
        };
    }

    /** The base is usable only once formatted and unmapped with the size and file system configured now. */
    static RecoveryStep decideBase(DeviceInfo base, PoolSettings settings) {
        boolean current = base.state() == DeviceState.DEACTIVATED && base.sectors() == settings.sectors()
                && base.fsType() == settings.fsType();
        return current ? KEEP : ROLL_BACK;
    }
}
