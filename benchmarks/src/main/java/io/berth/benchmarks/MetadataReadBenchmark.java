package io.berth.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.berth.api.snapshots.Kind;
import io.berth.linux.Trees;
import io.berth.metadata.sqlite.SqliteDatabase;

/**
 * A read transaction of the metadata store as a snapshotter's Mounts makes it: an active snapshot's record and its
 * chain of committed parents, in a database on disk with three layers under the snapshot. Every Snapshots.Mounts,
 * and so every task start, pays it once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MetadataReadBenchmark {
    private static final String SNAPSHOTTER = "overlayfs";
    private static final String ACTIVE = "default/4/container";

    @Param("/var/tmp")
    public String directory;

    private Path root;
    private SqliteDatabase database;

    @Setup
    public void createDatabase() throws IOException {
        root = Files.createTempDirectory(Path.of(directory), "berth-metadata-");
        database = SqliteDatabase.open(root.resolve("meta.db"), Duration.ofSeconds(5));
        database.write(tx -> {
            String parent = "";
            for (int layer = 1; layer <= 3; layer++) {
                String active = "default/" + layer + "/extract";
                tx.snapshotRecords(SNAPSHOTTER).create(active, parent, Kind.ACTIVE, Map.of());
                parent = "sha256:layer" + layer;
                tx.snapshotRecords(SNAPSHOTTER).commit(active, parent, Map.of());
            }
            tx.snapshotRecords(SNAPSHOTTER).create(ACTIVE, parent, Kind.ACTIVE, Map.of());
            return null;
        });
    }

    @TearDown
    public void removeDatabase() throws IOException {
        database.close();
        Trees.deleteRecursively(root);
    }

    @Benchmark
    public List<Long> snapshotAndParents() {
        return database.read(tx -> {
            tx.snapshotRecords(SNAPSHOTTER).get(ACTIVE);
            return tx.snapshotRecords(SNAPSHOTTER).parentIds(ACTIVE);
        });
    }
}
