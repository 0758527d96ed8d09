package io.berth.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import io.berth.api.diff.ApplyOptions;
import io.berth.api.diff.WhiteoutMode;
import io.berth.diff.WalkingDiffer;

/**
 * The layer apply of pull.sh's image in process, without registry, content store or snapshotter: the five
 * LayerTree layers (seeds 1 to 5, 42 MiB each) and a last layer that whites out a directory of the first and
 * rewrites a file of every directory, built once as tar.gz, then applied again and again, each layer into a fresh
 * empty directory with overlay whiteouts, {@code parallel} layers at once as the overlay snapshotter's parallel
 * unpack does. Prints the wall time and the process's user and system CPU of each whole image.
 *
 * <p>ext4 reuses an inode freed in the last 30 s only after scanning past it, so the applied trees are not removed
 * while measuring; they go at the end, and the next run should wait half a minute.
 *
 * <pre>java -cp ... io.berth.benchmarks.LayerApplyBenchmark DIRECTORY [REPETITIONS [PARALLEL]]</pre>
 */
public final class LayerApplyBenchmark {
    private static final int TREES = 5;
    private static final String TREE_MEGABYTES = "42";
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private LayerApplyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: LayerApplyBenchmark DIRECTORY [REPETITIONS [PARALLEL]]");
            System.exit(2);
        }
        Path work = Files.createTempDirectory(Path.of(args[0]), "layer-apply-");
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try {
            List<Path> layers = buildLayers(work);
            WalkingDiffer differ = new WalkingDiffer(64L << 30);
            System.out.printf("%d layers, %d MB compressed, %d at once%n", layers.size(), size(layers) / 1_000_000,
                    parallel);
            for (int run = 1; run <= repetitions; run++) {
                new ProcessBuilder("sync").inheritIO().start().waitFor();
                Path target = Files.createDirectory(work.resolve("run-" + run));
                long[] before = cpuTicks();
                long began = System.nanoTime();
                applyAll(differ, layers, target, parallel);
                long wallMillis = (System.nanoTime() - began) / 1_000_000;
                long[] after = cpuTicks();
                System.out.printf("run %d: wall %5d ms, user %5d ms, sys %5d ms%n", run, wallMillis,
                        ticksToMillis(after[0] - before[0]), ticksToMillis(after[1] - before[1]));
            }
        } finally {
            new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
        }
    }

    private static void applyAll(WalkingDiffer differ, List<Path> layers, Path target, int parallel)
            throws Exception {
        ApplyOptions options = new ApplyOptions(WhiteoutMode.OVERLAY, false);
        try (ExecutorService appliers = Executors.newFixedThreadPool(parallel)) {
            List<Future<?>> applied = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Path layer = layers.get(i);
                Path root = Files.createDirectory(target.resolve("layer-" + i));
                applied.add(appliers.submit(() -> {
                    try (InputStream in = Files.newInputStream(layer)) {
                        return differ.apply(in, "application/vnd.oci.image.layer.v1.tar+gzip", root, options);
                    }
                }));
            }
            for (Future<?> layer : applied) {
                layer.get();
            }
        }
    }

    private static List<Path> buildLayers(Path work) throws IOException {
        Path trees = work.resolve("trees");
        List<Path> layers = new ArrayList<>();
        for (int tree = 1; tree <= TREES; tree++) {
            Path root = trees.resolve("layer" + tree);
            LayerTree.main(new String[] {root.resolve("usr/layer" + tree).toString(), String.valueOf(tree),
                    TREE_MEGABYTES});
            Path layer = work.resolve("layer" + tree + ".tar.gz");
            try (TarArchiveOutputStream tar = tarGz(layer); Stream<Path> walk = Files.walk(root)) {
                for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
                    if (!path.equals(root)) {
                        add(tar, root, path);
                    }
                }
            }
            layers.add(layer);
        }
        layers.add(rewritingLayer(work, trees));
        return layers;
    }

    /** Whites out usr/layer1/d0 and rewrites every f*0.txt elsewhere, as pull.sh's last layer does. */
    private static Path rewritingLayer(Path work, Path trees) throws IOException {
        Path layer = work.resolve("rewrite.tar.gz");
        byte[] rewritten = "rewritten\n".getBytes(StandardCharsets.US_ASCII);
        try (TarArchiveOutputStream tar = tarGz(layer)) {
            directory(tar, "usr/");
            directory(tar, "usr/layer1/");
            TarArchiveEntry whiteout = new TarArchiveEntry("usr/layer1/.wh.d0");
            tar.putArchiveEntry(whiteout);
            tar.closeArchiveEntry();
            for (int tree = 1; tree <= TREES; tree++) {
                Path root = trees.resolve("layer" + tree);
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
                        String name = root.relativize(path).toString();
                        if (name.startsWith("usr/layer1/d0/") || name.isEmpty()) {
                            continue;
                        }
                        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                            directory(tar, name + "/");
                        } else if (name.matches(".*/f[0-9]*0\\.txt")) {
                            TarArchiveEntry file = new TarArchiveEntry(name);
                            file.setMode(0100644);
                            file.setSize(rewritten.length);
                            tar.putArchiveEntry(file);
                            tar.write(rewritten);
                            tar.closeArchiveEntry();
                        }
                    }
                }
            }
        }
        return layer;
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static TarArchiveOutputStream tarGz(Path file) throws IOException {
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        return tar;
    }

    private static void add(TarArchiveOutputStream tar, Path root, Path path) throws IOException {
        String name = root.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
            TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(Files.readSymbolicLink(path).toString());
            tar.putArchiveEntry(link);
        } else if (Files.isDirectory(path)) {
            TarArchiveEntry directory = new TarArchiveEntry(name + "/");
            directory.setMode(040755);
            tar.putArchiveEntry(directory);
        } else {
            TarArchiveEntry file = new TarArchiveEntry(name);
            file.setMode(0100644);
            file.setSize(Files.size(path));
            tar.putArchiveEntry(file);
            Files.copy(path, tar);
        }
        tar.closeArchiveEntry();
    }

    private static long size(List<Path> files) throws IOException {
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        return total;
    }

    /** This process's user and system CPU so far, in clock ticks (fields 14 and 15 of /proc/self/stat). */
    private static long[] cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    private static long ticksToMillis(long ticks) {
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }
}
