package io.berth.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.content.local.LocalContentStore;
import io.berth.linux.Trees;

/**
 * The in-process ingest path: one blob of {@code megabytes} MiB written in 1 MiB chunks through the local content
 * store's writer (hashing, file writes) and committed (fsync, rename). One operation is one whole blob, so the
 * time per operation divided into its size is the store's ingest throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ContentIngestBenchmark {
    private static final int CHUNK = 1 << 20;

    @Param("1024")
    public int megabytes;

    @Param("/var/tmp")
    public String directory;

    private final ByteBuffer chunk = randomChunk();
    private Path root;
    private LocalContentStore store;

    private static ByteBuffer randomChunk() {
        byte[] data = new byte[CHUNK];
        new Random(1).nextBytes(data);
        return ByteBuffer.wrap(data);
    }

    /** A fresh store each time: an existing blob would turn the commit into a no-op. */
    @Setup(Level.Invocation)
    public void openStore() throws IOException {
        root = Files.createTempDirectory(Path.of(directory), "berth-ingest-");
        store = new LocalContentStore(root);
    }

    @TearDown(Level.Invocation)
    public void removeStore() throws IOException {
        Trees.deleteRecursively(root);
    }

    @Benchmark
    public Digest ingest() {
        long size = (long) megabytes * CHUNK;
        try (ContentWriter writer = store.writer("bench", size, null)) {
            for (int i = 0; i < megabytes; i++) {
                writer.write(chunk.duplicate());
            }
            Digest digest = writer.digest();
            writer.commit(size, null);
            return digest;
        }
    }
}
