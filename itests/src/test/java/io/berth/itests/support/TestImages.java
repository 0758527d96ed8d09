package io.berth.itests.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Real OCI images, built here with umoci from busybox-static and seeded random data, pushed with
 * skopeo. Each image is built once per JVM into one OCI layout in a temporary directory and pushed
 * as often as tests ask; every timestamp is fixed, so the same image gets the same digests.
 */
public final class TestImages {
    static final Path SKOPEO = Path.of("/usr/bin/skopeo");
    static final Path UMOCI = Path.of("/usr/bin/umoci");
    static final Path BUSYBOX = Path.of("/bin/busybox");

    private static final String CREATED = "2024-01-01T00:00:00Z";
    private static final FileTime MTIME = FileTime.from(Instant.parse(CREATED));
    private static final List<String> APPLETS = List.of("sh", "echo", "ls", "cat", "true", "sleep");
    private static final int LARGE_LAYERS = 3;
    private static final int MIB = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path layout;
    private static final Set<String> built = new HashSet<>();

    private TestImages() {
    }

    /** One blob of an image as its manifest names it. */
    public record Blob(String mediaType, String digest, long size) {
    }

    /** An image as pushed: where it is and what it is made of. */
    public record PushedImage(String reference, Blob manifest, Blob config, List<Blob> layers) {
        public String manifestDigest() {
            return manifest.digest();
        }

        /** Manifest, config and layers: everything a fetch of this image stores. */
        public List<Blob> blobs() {
            List<Blob> blobs = new ArrayList<>(List.of(manifest, config));
            blobs.addAll(layers);
            return blobs;
        }

        public long totalSize() {
            return blobs().stream().mapToLong(Blob::size).sum();
        }
    }

    /**
     * The small image: layer 1 busybox and its {@link #APPLETS} as symlinks; layer 2 files under
     * /etc/app and /data, among them /data/obsolete; layer 3 deletes that file (a whiteout) and adds
     * /data/added. Its config sets Entrypoint, Cmd, Env and WorkingDir.
     */
    public static synchronized PushedImage pushSmall(TestRegistry registry, String repository, String tag)
            throws IOException, InterruptedException {
        String name = "small";
        if (!built.contains(name)) {
            buildSmall(name);
            built.add(name);
        }
        return push(registry, name, repository, tag);
    }

    /**
     * The small image plus a layer with an /etc/passwd that knows root alone, its config's User set to
     * {@code user}: a name or {@code uid[:gid]}.
     */
    public static synchronized PushedImage pushSmallAsUser(TestRegistry registry, String repository, String tag,
            String user) throws IOException, InterruptedException {
        pushSmall(registry, repository, tag);
        String name = "small-user-" + user.replaceAll("[^A-Za-z0-9]", "_");
        if (!built.contains(name)) {
            String image = layout + ":" + name;
            umoci("tag", "--image", layout + ":small", name);
            Path bundle = layout.resolveSibling(name + "-bundle");
            umoci("unpack", "--rootless", "--image", image, bundle);
            Files.writeString(Files.createDirectories(bundle.resolve("rootfs/etc")).resolve("passwd"),
                    "root:x:0:0:root:/root:/bin/sh\n");
            repack(image, bundle, "passwd");
            umoci("config", "--image", image, "--created", CREATED, "--history.created", CREATED,
                    "--config.user", user);
            TestRegistry.deleteTree(bundle);
            built.add(name);
        }
        return push(registry, name, repository, tag);
    }

    /**
     * An image of {@value #LARGE_LAYERS} layers holding {@code megabytes} MiB of random, so
     * incompressible, data between them; the random generator is seeded, so the bytes are always
     * the same.
     */
    public static synchronized PushedImage pushLarge(TestRegistry registry, String repository, String tag,
            int megabytes) throws IOException, InterruptedException {
        String name = "large-" + megabytes;
        if (!built.contains(name)) {
            buildLarge(name, megabytes);
            built.add(name);
        }
        return push(registry, name, repository, tag);
    }

    private static void buildSmall(String name) throws IOException, InterruptedException {
        Path oci = layout();
        String image = oci + ":" + name;
        umoci("new", "--image", image);
        Path bundle = oci.resolveSibling(name + "-bundle");
        umoci("unpack", "--rootless", "--image", image, bundle);
        Path rootfs = bundle.resolve("rootfs");

        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        repack(image, bundle, "busybox");

        Files.writeString(Files.createDirectories(rootfs.resolve("etc/app")).resolve("greeting"), "hello\n");
        Path data = Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(data.resolve("kept"), "kept\n");
        Files.writeString(data.resolve("obsolete"), "deleted by the next layer\n");
        Files.createDirectories(data.resolve("empty"));
        repack(image, bundle, "files");

        Files.delete(data.resolve("obsolete"));
        Files.writeString(data.resolve("added"), "added\n");
        repack(image, bundle, "whiteout");

        umoci("config", "--image", image, "--created", CREATED, "--history.created", CREATED,
                "--config.entrypoint", "/bin/sh", "--config.entrypoint", "-c",
                "--config.cmd", "echo $GREETING from $PWD",
                "--config.env", "PATH=/bin", "--config.env", "GREETING=hello",
                "--config.workingdir", "/data");
        TestRegistry.deleteTree(bundle);
    }

    private static void repack(String image, Path bundle, String step) throws IOException, InterruptedException {
        fixTimes(bundle.resolve("rootfs"));
        umoci("repack", "--refresh-bundle", "--history.created", CREATED, "--history.created_by", step,
                "--image", image, bundle);
    }

    private static void buildLarge(String name, int megabytes) throws IOException, InterruptedException {
        Path oci = layout();
        String image = oci + ":" + name;
        umoci("new", "--image", image);
        long total = (long) megabytes * MIB;
        for (int layer = 0; layer < LARGE_LAYERS; layer++) {
            long size = total / LARGE_LAYERS + (layer == 0 ? total % LARGE_LAYERS : 0);
            Path content = Files.createDirectories(oci.resolveSibling(name + "-layer-" + layer));
            writeRandomFiles(content, new Random(layer), size);
            fixTimes(content);
            umoci("insert", "--history.created", CREATED, "--image", image, content, "/data/layer-" + layer);
            TestRegistry.deleteTree(content);
        }
        umoci("config", "--image", image, "--created", CREATED, "--no-history");
    }

    /** Files of at most one MiB each, {@code size} bytes in all. */
    private static void writeRandomFiles(Path dir, Random random, long size) throws IOException {
        byte[] chunk = new byte[MIB];
        for (int file = 0; (long) file * MIB < size; file++) {
            int length = (int) Math.min(MIB, size - (long) file * MIB);
            random.nextBytes(chunk);
            try (OutputStream out = Files.newOutputStream(dir.resolve("blob-" + file))) {
                out.write(chunk, 0, length);
            }
        }
    }

    /** Gives every path the same timestamps, so that the layers' tar headers do not change between builds. */
    private static void fixTimes(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.forEach(path -> {
                try {
                    Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setTimes(MTIME, MTIME, null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static PushedImage push(TestRegistry registry, String name, String repository, String tag)
            throws IOException, InterruptedException {
        String reference = registry.reference(repository, tag);
        List<String> copy = new ArrayList<>(List.of(SKOPEO.toString(), "copy", "--quiet", "--dest-tls-verify=false"));
        copy.addAll(registry.pushFlags());
        copy.addAll(List.of("oci:" + layout + ":" + name, "docker://" + reference));
        Command.run(copy).expectSuccess();
        Blob manifest = manifestOf(name);
        JsonNode body = JSON.readTree(blobPath(manifest.digest()).toFile());
        List<Blob> layers = new ArrayList<>();
        for (JsonNode layer : body.get("layers")) {
            layers.add(blob(layer));
        }
        return new PushedImage(reference, manifest, blob(body.get("config")), List.copyOf(layers));
    }

    private static Blob manifestOf(String name) throws IOException {
        for (JsonNode descriptor : JSON.readTree(layout.resolve("index.json").toFile()).get("manifests")) {
            if (name.equals(descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                return blob(descriptor);
            }
        }
        throw new IllegalStateException("no image " + name + " in " + layout);
    }

    private static Blob blob(JsonNode descriptor) {
        return new Blob(descriptor.get("mediaType").asText(), descriptor.get("digest").asText(),
                descriptor.get("size").asLong());
    }

    private static Path blobPath(String digest) {
        return layout.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    private static Path layout() throws IOException, InterruptedException {
        if (layout == null) {
            Path cache = Files.createTempDirectory("berth-images");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    TestRegistry.deleteTree(cache);
                } catch (IOException e) {
                    System.err.println("could not remove " + cache + ": " + e);
                }
            }));
            Path created = cache.resolve("oci");
            umoci("init", "--layout", created);
            layout = created;
        }
        return layout;
    }

    private static void umoci(Object... args) throws IOException, InterruptedException {
        Object[] command = new Object[args.length + 1];
        command[0] = UMOCI;
        System.arraycopy(args, 0, command, 1, args.length);
        Command.run(command).expectSuccess();
    }
}
