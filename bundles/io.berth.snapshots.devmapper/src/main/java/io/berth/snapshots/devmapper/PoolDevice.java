package io.berth.snapshots.devmapper;

import static io.berth.snapshots.devmapper.DeviceState.ACTIVATED;
import static io.berth.snapshots.devmapper.DeviceState.ACTIVATING;
import static io.berth.snapshots.devmapper.DeviceState.CREATED;
import static io.berth.snapshots.devmapper.DeviceState.CREATING;
import static io.berth.snapshots.devmapper.DeviceState.DEACTIVATED;
import static io.berth.snapshots.devmapper.DeviceState.DEACTIVATING;
import static io.berth.snapshots.devmapper.DeviceState.REMOVED;
import static io.berth.snapshots.devmapper.DeviceState.REMOVING;
import static io.berth.snapshots.devmapper.DeviceState.RESUMED;
import static io.berth.snapshots.devmapper.DeviceState.RESUMING;
import static io.berth.snapshots.devmapper.DeviceState.SUSPENDED;
import static io.berth.snapshots.devmapper.DeviceState.SUSPENDING;

import java.util.List;

/**
 * The thin devices of one pool and the steps that change them. Before each dmsetup step the journal records the
 * step under way, and after it the state it reached.
 */
final class PoolDevice {
    private final PoolSettings settings;
    private final CommandRunner runner;
    private final DeviceJournal journal;

    PoolDevice(PoolSettings settings, CommandRunner runner, DeviceJournal journal) {
        this.settings = settings;
        this.runner = runner;
        this.journal = journal;
    }

    /** containerd's names, prefixed with the pool so that two pools' devices never meet. */
    String nameOf(long id) {
        return settings.poolName() + "-snap-" + (id == DeviceInfo.BASE_ID ? "base" : Long.toString(id));
    }

    DeviceJournal journal() {
        return journal;
    }

    PoolSettings settings() {
        return settings;
    }

    /** A new, empty thin device of the configured size and file system (which it does not have yet). */
    DeviceInfo createThin(long id) throws CommandFailure {
        DeviceInfo device = journal.save(
                new DeviceInfo(id, nameOf(id), settings.sectors(), settings.fsType(), CREATING, 0));
        run(DmCommands.createThin(settings.poolName(), id));
        return journal.save(device.in(CREATED));
    }

    /** A thin snapshot of {@code origin}, suspended meanwhile when it is mapped so that its writes are flushed. */
    DeviceInfo createSnapshot(long id, DeviceInfo origin) throws CommandFailure {
        DeviceInfo device = journal.save(new DeviceInfo(id, nameOf(id), origin.sectors(), origin.fsType(), CREATING, 0));
        boolean mapped = origin.state() == ACTIVATED || origin.state() == RESUMED;
        DeviceInfo suspended = mapped ? suspend(origin) : origin;
        try {
            run(DmCommands.createSnapshot(settings.poolName(), id, origin.id()));
        } finally {
            if (mapped) {
                resume(suspended);
            }
        }
        return journal.save(device.in(CREATED));
    }

    DeviceInfo activate(DeviceInfo device) throws CommandFailure {
        DeviceInfo activating = journal.save(device.in(ACTIVATING));
        run(DmCommands.activate(device.name(), settings.poolName(), device.id(), device.sectors()));
        return journal.save(activating.in(ACTIVATED));
    }

    DeviceInfo deactivate(DeviceInfo device) throws CommandFailure {
        DeviceInfo deactivating = journal.save(device.in(DEACTIVATING));
        run(DmCommands.remove(device.name()));
        return journal.save(deactivating.in(DEACTIVATED));
    }

    DeviceInfo suspend(DeviceInfo device) throws CommandFailure {
        DeviceInfo suspending = journal.save(device.in(SUSPENDING));
        run(DmCommands.suspend(device.name()));
        return journal.save(suspending.in(SUSPENDED));
    }

    DeviceInfo resume(DeviceInfo device) throws CommandFailure {
        DeviceInfo resuming = journal.save(device.in(RESUMING));
        run(DmCommands.resume(device.name()));
        return journal.save(resuming.in(RESUMED));
    }

    /** Flushes a committed device, notes what it maps, and unmaps it: nothing writes to it any more. */
    DeviceInfo retire(DeviceInfo device) throws CommandFailure {
        DeviceInfo flushed = resume(suspend(device));
        return deactivate(journal.save(flushed.using(usedBytes(flushed))));
    }

    void makeFileSystem(DeviceInfo device) throws CommandFailure {
        run(device.fsType().mkfs(settings.fsOptions(), DmCommands.devicePath(device.name())));
    }

    /** Unmaps and deletes a device for good, discarding its blocks first when configured, and forgets it. */
    void delete(DeviceInfo device) throws CommandFailure {
        DeviceInfo removing = journal.save(device.in(REMOVING));
        boolean mapped = device.state().mayBeMapped() && mapped(device.name());
        if (settings.discardBlocks()) {
            if (!mapped) {
                run(DmCommands.activate(device.name(), settings.poolName(), device.id(), device.sectors()));
            }
            run(DmCommands.discard(device.name()));
            mapped = true;
        }
        if (mapped) {
            run(DmCommands.remove(device.name()));
        }
        run(DmCommands.delete(settings.poolName(), device.id()));
        journal.save(removing.in(REMOVED));
        journal.forget(device.id());
    }

    /**
     * Undoes whatever part of a device exists. A device cut while being created may not be in the pool, and one
     * cut while being removed may be gone already: only for those a failed delete means there is nothing to do.
     */
    void rollBack(DeviceInfo device) throws CommandFailure {
        if (device.state() != REMOVED) {
            if (device.state().mayBeMapped() && mapped(device.name())) {
                run(DmCommands.remove(device.name()));
            }
            try {
                run(DmCommands.delete(settings.poolName(), device.id()));
            } catch (CommandFailure e) {
                if (device.state() != CREATING && device.state() != REMOVING) {
                    throw e;
                }
            }
        }
        journal.forget(device.id());
    }

    /** Maps a device unless an interrupted step already did. */
    DeviceInfo ensureActive(DeviceInfo device) throws CommandFailure {
        return mapped(device.name()) ? journal.save(device.in(ACTIVATED)) : activate(device);
    }

    /** Unmaps a device unless it is not mapped, measuring it first when it is. */
    DeviceInfo ensureInactive(DeviceInfo device) throws CommandFailure {
        if (!mapped(device.name())) {
            return journal.save(device.in(DEACTIVATED));
        }
        return deactivate(journal.save(device.using(usedBytes(device))));
    }

    boolean mapped(String name) {
        try {
            runner.run(DmCommands.info(name));
            return true;
        } catch (CommandFailure e) {
            return false;
        }
    }

    /** The bytes a mapped device has written to the pool, its own or shared with its origin. */
    long usedBytes(DeviceInfo device) throws CommandFailure {
        List<String> argv = DmCommands.status(device.name());
        String[] fields = runner.run(argv).strip().split("\\s+");
        if (fields.length < 4 || !fields[2].equals("thin") || !fields[3].matches("\\d+")) {
            throw new CommandFailure(argv, "not the status of a thin device: " + String.join(" ", fields));
        }
        return Long.parseLong(fields[3]) * PoolSettings.SECTOR;
    }

    private void run(List<String> argv) throws CommandFailure {
        runner.run(argv);
    }
}
