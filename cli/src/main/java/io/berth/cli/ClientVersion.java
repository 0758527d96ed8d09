package io.berth.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** This client's release and source revision, as the build wrote them into the jar's manifest. */
public record ClientVersion(String version, String revision, String javaVersion) {
    static final String REVISION_HEADER = "Berth-Revision";
    static final String UNKNOWN = "unknown";

    public static ClientVersion current() {
        Optional<Attributes> manifest = ownManifest().map(Manifest::getMainAttributes);
        return new ClientVersion(
                manifest.map(m -> m.getValue(Attributes.Name.IMPLEMENTATION_VERSION)).orElse(UNKNOWN),
                manifest.map(m -> m.getValue(REVISION_HEADER)).orElse(UNKNOWN),
                System.getProperty("java.version"));
    }

    /** Absent when the classes do not come from a jar, as in the build's own tests. */
    private static Optional<Manifest> ownManifest() {
        try {
            Path location = Path.of(ClientVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                return Optional.empty();
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                return Optional.ofNullable(jar.getManifest());
            }
        } catch (IOException | URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }
}
