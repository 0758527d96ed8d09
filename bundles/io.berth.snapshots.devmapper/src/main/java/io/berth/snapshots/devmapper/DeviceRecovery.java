package io.berth.snapshots.devmapper;

import java.util.Map;
import java.util.Optional;

import io.berth.api.snapshots.Kind;

/** Carries out the {@link RecoveryStep} of every snapshot device in the journal; the base is left to its own. */
final class DeviceRecovery {
    private DeviceRecovery() {
    }

    /** @param recordKinds the kind of each snapshot record, by id */
    static void recover(PoolDevice pool, Map<Long, Kind> recordKinds) throws CommandFailure {
        for (DeviceInfo device : pool.journal().all()) {
            if (device.id() == DeviceInfo.BASE_ID) {
                continue;
            }
            switch (RecoveryStep.decide(device, Optional.ofNullable(recordKinds.get(device.id())))) {
                case KEEP, FAULTY -> {
                    // A faulty device stays in the journal: removing its snapshot rolls it back.
                }
                case ACTIVATE -> pool.ensureActive(device);
                case DEACTIVATE -> pool.ensureInactive(device);
                case RESUME -> pool.resume(device);
                case RESUME_AND_DEACTIVATE -> pool.ensureInactive(pool.resume(device));
                case ROLL_BACK, FORGET -> pool.rollBack(device);
            }
        }
    }

    /** The formatted base device, made (again) when missing, half made, or of another size or file system. */
    static DeviceInfo ensureBase(PoolDevice pool) throws CommandFailure {
        Optional<DeviceInfo> found = pool.journal().find(DeviceInfo.BASE_ID);
        if (found.isPresent()) {
            if (RecoveryStep.decideBase(found.get(), pool.settings()) == RecoveryStep.KEEP) {
                return found.get();
            }
            pool.rollBack(found.get());
        }
        DeviceInfo base = pool.activate(pool.createThin(DeviceInfo.BASE_ID));
        pool.makeFileSystem(base);
        return pool.deactivate(base);
    }
}
