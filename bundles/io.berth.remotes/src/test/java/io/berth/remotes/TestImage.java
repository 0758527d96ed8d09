package io.berth.remotes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.berth.api.content.Descriptor;
import io.berth.api.remotes.MediaTypes;

/** An image made of seeded random layers and a small config, pushed blob by blob and then its manifest. */
record TestImage(Descriptor manifest, Descriptor config, List<Descriptor> layers, List<byte[]> layerContents) {
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /** An OCI image for {@code architecture} with two layers of {@code layerSize} bytes, tagged {@code tag}. */
    static TestImage pushOci(LocalRegistry registry, String repository, String tag, String architecture, int layerSize)
            throws IOException, InterruptedException {
        return push(registry, repository, tag, architecture, layerSize, true);
    }

    static TestImage pushDocker(LocalRegistry registry, String repository, String tag, int layerSize)
            throws IOException, InterruptedException {
        return push(registry, repository, tag, "amd64", layerSize, false);
    }

    private static TestImage push(LocalRegistry registry, String repository, String tag, String architecture,
            int layerSize, boolean oci) throws IOException, InterruptedException {
        Random random = new Random(architecture.hashCode() + layerSize);
        List<Descriptor> layers = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            byte[] layer = new byte[layerSize];
            random.nextBytes(layer);
            contents.add(layer);
            layers.add(registry.pushBlob(repository, oci ? OCI_LAYER : DOCKER_LAYER, layer));
        }
        byte[] configJson = """
                {"architecture":"%s","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"config":{}}"""
                .formatted(architecture).getBytes(StandardCharsets.UTF_8);
        Descriptor config = registry.pushBlob(repository, oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG,
                configJson);
        String mediaType = oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST;
        byte[] manifestJson = """
                {"schemaVersion":2,"mediaType":"%s","config":%s,"layers":[%s,%s]}"""
                .formatted(mediaType, json(config), json(layers.get(0)), json(layers.get(1)))
                .getBytes(StandardCharsets.UTF_8);
        Descriptor manifest = registry.pushManifest(repository, tag, mediaType, manifestJson);
        return new TestImage(manifest, config, List.copyOf(layers), List.copyOf(contents));
    }

    /** An index of {@code entries} (each with its platform) pushed as {@code tag}. */
    static Descriptor pushIndex(LocalRegistry registry, String repository, String tag, String mediaType,
            List<TestImage> images, List<String> platforms) throws IOException, InterruptedException {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Descriptor manifest = images.get(i).manifest();
            String[] platform = platforms.get(i).split("/");
            entries.add("""
                    {"mediaType":"%s","digest":"%s","size":%d,"platform":{"os":"%s","architecture":"%s"%s}}"""
                    .formatted(manifest.mediaType(), manifest.digest(), manifest.size(), platform[0], platform[1],
                            platform.length > 2 ? ",\"variant\":\"" + platform[2] + "\"" : ""));
        }
        byte[] index = """
                {"schemaVersion":2,"mediaType":"%s","manifests":[%s]}"""
                .formatted(mediaType, String.join(",", entries)).getBytes(StandardCharsets.UTF_8);
        return registry.pushManifest(repository, tag, mediaType, index);
    }

    static String json(Descriptor descriptor) {
        return """
                {"mediaType":"%s","digest":"%s","size":%d}""".formatted(descriptor.mediaType(), descriptor.digest(),
                descriptor.size());
    }
}
