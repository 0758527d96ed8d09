package io.berth.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.remotes.MediaTypes;

/**
 * A two-layer OCI image pushed to the registry: the lower layer writes {@code etc/hello} and {@code etc/gone},
 * the upper one rewrites {@code etc/hello}, deletes {@code etc/gone} with a whiteout and adds {@code bin/tool}.
 */
record LayeredImage(Descriptor manifest, Descriptor config, List<Descriptor> layers, List<Digest> diffIds) {
    static final String GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

    static LayeredImage push(TestRegistry registry, String repository, String tag)
            throws IOException, InterruptedException {
        return push(registry, repository, tag, "amd64");
    }

    /** The same layers in an image for {@code architecture}: only the config differs. */
    static LayeredImage push(TestRegistry registry, String repository, String tag, String architecture)
            throws IOException, InterruptedException {
        return push(registry, repository, tag, architecture, List.of(
                tar(List.of(dir("etc/"), file("etc/hello", "one"), file("etc/gone", "bye"))),
                tar(List.of(file("etc/hello", "two"), file("etc/.wh.gone", ""), dir("bin/"),
                        file("bin/tool", "#!/bin/sh\n")))));
    }

    /** The same image with a second layer that also holds a file of {@code size} random letters and digits. */
    static LayeredImage pushWithLargeFile(TestRegistry registry, String repository, String tag, int size)
            throws IOException, InterruptedException {
        Random random = new Random(size);
        StringBuilder large = new StringBuilder(size);
        random.ints(size, 0, 36).forEach(i -> large.append(Character.forDigit(i, 36)));
        return push(registry, repository, tag, "amd64", List.of(
                tar(List.of(dir("etc/"), file("etc/hello", "one"), file("etc/gone", "bye"))),
                tar(List.of(file("etc/hello", "two"), file("etc/.wh.gone", ""), dir("bin/"),
                        file("bin/tool", "#!/bin/sh\n"), file("bin/large", large.toString())))));
    }

    private static LayeredImage push(TestRegistry registry, String repository, String tag, String architecture,
                                     List<byte[]> tars) throws IOException, InterruptedException {
        List<Digest> diffIds = tars.stream().map(tar -> Digest.compute(DigestAlgorithm.SHA256, tar)).toList();
        return push(registry, repository, tag, architecture, tars, diffIds);
    }

    /** An image of the tar layers {@code tars}, its config naming {@code configDiffIds} (true or not). */
    static LayeredImage push(TestRegistry registry, String repository, String tag, String architecture,
                             List<byte[]> tars, List<Digest> configDiffIds) throws IOException, InterruptedException {
        List<Descriptor> layers = new ArrayList<>();
        for (byte[] tar : tars) {
            layers.add(registry.pushBlob(repository, GZIP_LAYER, gzip(tar)));
        }
        byte[] configJson = """
                {"architecture":"%s","os":"linux","rootfs":{"type":"layers","diff_ids":[%s]},"config":{}}"""
                .formatted(architecture, String.join(",", configDiffIds.stream().map(id -> "\"" + id + "\"")
                        .toList())).getBytes(StandardCharsets.UTF_8);
        Descriptor config = registry.pushBlob(repository, MediaTypes.OCI_CONFIG, configJson);
        byte[] manifestJson = """
                {"schemaVersion":2,"mediaType":"%s","config":%s,"layers":[%s]}"""
                .formatted(MediaTypes.OCI_MANIFEST, json(config),
                        String.join(",", layers.stream().map(LayeredImage::json).toList()))
                .getBytes(StandardCharsets.UTF_8);
        Descriptor manifest = registry.pushManifest(repository, tag, MediaTypes.OCI_MANIFEST, manifestJson);
        return new LayeredImage(manifest, config, List.copyOf(layers), List.copyOf(configDiffIds));
    }

    /**
     * Three layers, each changing what the ones below made: the middle one whites out {@code etc/gone}, makes
     * {@code dir} opaque and rewrites {@code etc/hello}; the top one makes {@code etc/gone} again and whites out
     * {@code bin/tool} and {@code dir/c}.
     */
    static List<byte[]> rewritingLayers() throws IOException {
        return List.of(
                tar(List.of(dir("etc/"), file("etc/hello", "one"), file("etc/gone", "bye"), dir("dir/"),
                        file("dir/a", "a"), file("dir/b", "b"))),
                tar(List.of(file("etc/hello", "two"), file("etc/.wh.gone", ""), dir("dir/"),
                        file("dir/.wh..wh..opq", ""), file("dir/c", "c"), dir("bin/"),
                        file("bin/tool", "#!/bin/sh\n"))),
                tar(List.of(file("etc/gone", "back"), file("bin/.wh.tool", ""), file("bin/other", "other"),
                        file("dir/.wh.c", ""), file("dir/d", "d"))));
    }

    /** An OCI index of {@code images}, each for linux and the architecture at the same position, as {@code tag}. */
    static Descriptor pushIndex(TestRegistry registry, String repository, String tag, List<LayeredImage> images,
                                List<String> architectures) throws IOException, InterruptedException {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Descriptor manifest = images.get(i).manifest();
            entries.add("""
                    {"mediaType":"%s","digest":"%s","size":%d,"platform":{"os":"linux","architecture":"%s"}}"""
                    .formatted(manifest.mediaType(), manifest.digest(), manifest.size(), architectures.get(i)));
        }
        byte[] index = """
                {"schemaVersion":2,"mediaType":"%s","manifests":[%s]}"""
                .formatted(MediaTypes.OCI_INDEX, String.join(",", entries)).getBytes(StandardCharsets.UTF_8);
        return registry.pushManifest(repository, tag, MediaTypes.OCI_INDEX, index);
    }

    private record Entry(String name, String content) {
    }

    private static Entry dir(String name) {
        return new Entry(name, null);
    }

    private static Entry file(String name, String content) {
        return new Entry(name, content);
    }

    private static byte[] tar(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Entry entry : entries) {
                TarArchiveEntry header = new TarArchiveEntry(entry.name(),
                        entry.content() == null ? TarConstants.LF_DIR : TarConstants.LF_NORMAL);
                header.setMode(entry.content() == null ? 0755 : 0644);
                byte[] content = entry.content() == null ? new byte[0]
                        : entry.content().getBytes(StandardCharsets.UTF_8);
                header.setSize(content.length);
                tar.putArchiveEntry(header);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(data);
        }
        return bytes.toByteArray();
    }

    private static String json(Descriptor descriptor) {
        return """
                {"mediaType":"%s","digest":"%s","size":%d}""".formatted(descriptor.mediaType(), descriptor.digest(),
                descriptor.size());
    }
}
