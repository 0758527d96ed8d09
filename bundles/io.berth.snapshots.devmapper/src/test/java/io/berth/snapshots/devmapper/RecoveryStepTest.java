package io.berth.snapshots.devmapper;

import static io.berth.snapshots.devmapper.DeviceState.*;
import static io.berth.snapshots.devmapper.RecoveryStep.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.berth.api.snapshots.Kind;

class RecoveryStepTest {
    @Test
    void aDeviceWithoutARecordIsRolledBackWhateverItsStep() {
        for (DeviceState state : DeviceState.values()) {
            assertEquals(state == REMOVED ? FORGET : ROLL_BACK, RecoveryStep.decide(device(state), Optional.empty()),
                    state.name());
        }
    }

    @Test
    void activeAndViewDevicesAreMappedAgain() {
        for (Kind kind : new Kind[] { Kind.ACTIVE, Kind.VIEW }) {
            assertEquals(KEEP, decide(ACTIVATED, kind));
            assertEquals(KEEP, decide(RESUMED, kind));
            assertEquals(ACTIVATE, decide(ACTIVATING, kind));
            assertEquals(ACTIVATE, decide(DEACTIVATING, kind));
            assertEquals(ACTIVATE, decide(DEACTIVATED, kind));
            assertEquals(ACTIVATE, decide(CREATED, kind));
            assertEquals(RESUME, decide(SUSPENDING, kind));
            assertEquals(RESUME, decide(SUSPENDED, kind));
            assertEquals(RESUME, decide(RESUMING, kind));
        }
    }

    @Test
    void committedDevicesEndUnmapped() {
        assertEquals(KEEP, decide(DEACTIVATED, Kind.COMMITTED));
        assertEquals(DEACTIVATE, decide(ACTIVATED, Kind.COMMITTED));
        assertEquals(DEACTIVATE, decide(DEACTIVATING, Kind.COMMITTED));
        assertEquals(RESUME_AND_DEACTIVATE, decide(SUSPENDED, Kind.COMMITTED));
    }

    @Test
    void aRecordedDeviceThatMayBeMissingFromThePoolIsFaulty() {
        for (Kind kind : Kind.values()) {
            assertEquals(FAULTY, decide(CREATING, kind));
            assertEquals(FAULTY, decide(REMOVING, kind));
            assertEquals(FAULTY, decide(REMOVED, kind));
        }
    }

    @Test
    void theBaseIsRemadeUnlessFormattedUnmappedAndOfTheConfiguredShape() {
        PoolSettings settings = new PoolSettings("pool", 2048 * 512, false, FsType.EXT4, "");
        assertEquals(KEEP, RecoveryStep.decideBase(device(DEACTIVATED), settings));
        assertEquals(ROLL_BACK, RecoveryStep.decideBase(device(ACTIVATED), settings));
        assertEquals(ROLL_BACK, RecoveryStep.decideBase(device(CREATED), settings));
        assertEquals(ROLL_BACK, RecoveryStep.decideBase(
                new DeviceInfo(0, "pool-snap-base", 2048, FsType.XFS, DEACTIVATED, 0), settings));
        assertEquals(ROLL_BACK, RecoveryStep.decideBase(
                new DeviceInfo(0, "pool-snap-base", 4096, FsType.EXT4, DEACTIVATED, 0), settings));
    }

    private static RecoveryStep decide(DeviceState state, Kind kind) {
        return RecoveryStep.decide(device(state), Optional.of(kind));
    }

    private static DeviceInfo device(DeviceState state) {
        return new DeviceInfo(0, "pool-snap-base", 2048, FsType.EXT4, state, 0);
    }
}
