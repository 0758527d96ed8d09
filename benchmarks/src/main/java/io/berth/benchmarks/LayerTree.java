package io.berth.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a directory tree that stands in for one layer of a real image, the same for the same seed: many files
 * of log-normally spread sizes (most a few KiB, a few of several MiB) in nested directories, of three kinds in
 * about the proportions of a distribution's files: text (compresses about 4x), binary code and data (about 2x)
 * and already-compressed archives and media (not at all), with a few symbolic links among them.
 *
 * <pre>java -cp ... io.berth.benchmarks.LayerTree DIRECTORY SEED MEGABYTES</pre>
 */
public final class LayerTree {
    private static final int FILES_PER_DIRECTORY = 24;
    private static final long MAX_FILE = 8L << 20;
    private static final String[] WORDS = ("the of and to in is for on that with as by this are be from it at or an "
            + "config value return static final public private class import package default error status layer image "
            + "content snapshot mount option path file directory name size digest registry manifest index lease "
            + "container runtime process signal memory cpu network address port socket request response header")
            .split(" ");

    private final Random random;
    private final byte[] chunk = new byte[1 << 16];

    private LayerTree(long seed) {
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: LayerTree DIRECTORY SEED MEGABYTES");
            System.exit(2);
        }
        new LayerTree(Long.parseLong(args[1])).write(Path.of(args[0]), Long.parseLong(args[2]) << 20);
    }

    private void write(Path root, long budget) throws IOException {
        long written = 0;
        int files = 0;
        Path directory = root;
        while (written < budget) {
            if (files % FILES_PER_DIRECTORY == 0) {
                directory = nextDirectory(root);
            }
            long size = Math.min(fileSize(), budget - written);
            Path file = directory.resolve("f" + files);
            int kind = random.nextInt(100);
            if (kind < 45) {
                writeText(file.resolveSibling(file.getFileName() + ".txt"), size);
            } else if (kind < 75) {
                writeBinary(file.resolveSibling(file.getFileName() + ".so"), size, false);
            } else {
                writeBinary(file.resolveSibling(file.getFileName() + ".gz"), size, true);
            }
            if (random.nextInt(50) == 0) {
                Files.createSymbolicLink(directory.resolve("link" + files), Path.of("f" + files + ".txt"));
            }
            written += size;
            files++;
        }
    }

    /** A directory two to four levels down, new or one written before. */
    private Path nextDirectory(Path root) throws IOException {
        Path directory = root;
        int depth = 2 + random.nextInt(3);
        for (int level = 0; level < depth; level++) {
            directory = directory.resolve("d" + random.nextInt(level == 0 ? 6 : 12));
        }
        return Files.createDirectories(directory);
    }

    /** Log-normal around 6 KiB: as in a distribution's /usr, most files are small and most bytes are in big ones. */
    private long fileSize() {
        double size = Math.exp(Math.log(6 * 1024) + 1.9 * random.nextGaussian());
        return Math.max(1, Math.min(MAX_FILE, (long) size));
    }

    private void writeText(Path file, long size) throws IOException {
        StringBuilder text = new StringBuilder();
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                text.setLength(0);
                while (text.length() < 72) {
                    text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(8) == 0 ? ", " : " ");
                }
                text.append(random.nextInt(1000)).append('\n');
                byte[] line = text.toString().getBytes(StandardCharsets.US_ASCII);
                int length = (int) Math.min(line.length, left);
                out.write(line, 0, length);
                left -= length;
            }
        }
    }

    /** Random bytes, or (as code and data are) half of them zero or small. */
    private void writeBinary(Path file, long size, boolean incompressible) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                random.nextBytes(chunk);
                if (!incompressible) {
                    for (int i = 0; i < chunk.length; i += 2) {
                        chunk[i] = (byte) (chunk[i] & 0x03);
                    }
                }
                int length = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, length);
                left -= length;
            }
        }
    }
}
