package io.berth.snapshots.devmapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

import io.berth.api.snapshots.Snapshotter;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.snapshots.testsuite.SnapshotterConformance;

/**
 * The shared snapshotter conformance suite on a real thin pool, made of two loop devices over files in the
 * workspace and removed after each test.
 */
class DevmapperConformanceTest extends SnapshotterConformance {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();
    private SqliteDatabase metadata;
    private String pool;
    private String dataLoop;
    private String metaLoop;

    @Override
    protected Snapshotter create(Path root) throws Exception {
        Assumptions.assumeTrue(Files.exists(DevmapperSnapshotter.CONTROL),
                "device-mapper is not available in this kernel");
        pool = "berth-test-" + ProcessHandle.current().pid();
        dataLoop = loop(workspace.resolve("data"), 512L << 20);
        metaLoop = loop(workspace.resolve("meta"), 16L << 20);
        long sectors = (512L << 20) / PoolSettings.SECTOR;
        runner.run(List.of("dmsetup", "create", pool, "--table",
                "0 " + sectors + " thin-pool " + metaLoop + " " + dataLoop + " 128 32768 1 skip_block_zeroing"));
        metadata = SqliteDatabase.open(workspace.resolve("meta.db"), Duration.ofSeconds(5));
        return new DevmapperSnapshotter(metadata, root, new PoolSettings(pool, 64L << 20, false, FsType.EXT4, ""),
                runner);
    }

    @Override
    protected Path leaveUnrecordedStorage() throws IOException {
        try {
            runner.run(DmCommands.createThin(pool, 999999));
        } catch (CommandFailure e) {
            throw new IOException(e.getMessage(), e);
        }
        DeviceJournal journal = new DeviceJournal(root());
        journal.save(new DeviceInfo(999999, pool + "-snap-999999", 2048, FsType.EXT4, DeviceState.CREATED, 0));
        return journal.file(999999);
    }

    private String loop(Path file, long size) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // Sparse: the pool takes only the blocks the tests write.
            channel.write(ByteBuffer.allocate(1), size - 1);
        }
        return runner.run(List.of("losetup", "--find", "--show", file.toString()));
    }

    @AfterEach
    void removePool() throws Exception {
        unmountAll();
        if (metadata != null) {
            metadata.close();
        }
        if (pool != null) {
            for (String line : runner.run(List.of("dmsetup", "ls")).split("\n")) {
                String name = line.split("\\s+")[0];
                if (name.startsWith(pool + "-snap-")) {
                    runner.run(List.of("dmsetup", "remove", name));
                }
            }
            runner.run(List.of("dmsetup", "remove", pool));
        }
        for (String loop : new String[] { dataLoop, metaLoop }) {
            if (loop != null) {
                runner.run(List.of("losetup", "--detach", loop));
            }
        }
    }
}
