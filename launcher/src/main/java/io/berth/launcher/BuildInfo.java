package io.berth.launcher;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Berth's release and source revision, from the launcher jar's manifest (written at build time). */
record BuildInfo(String version, String revision) {
    static final String UNKNOWN = "unknown";

    static BuildInfo ofLauncherJar() {
        CodeSource source = BuildInfo.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return new BuildInfo(UNKNOWN, UNKNOWN);
        }
        // Not getResource("META-INF/MANIFEST.MF"): that finds whichever jar comes first on the class path.
        try (JarFile jar = new JarFile(new File(source.getLocation().toURI()), false)) {
            Manifest manifest = jar.getManifest();
            return manifest == null ? new BuildInfo(UNKNOWN, UNKNOWN) : of(manifest.getMainAttributes());
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            // Run from a classes directory (tests, IDE): there is no manifest.
            return new BuildInfo(UNKNOWN, UNKNOWN);
        }
    }

    static BuildInfo of(Attributes manifest) {
        return new BuildInfo(orUnknown(manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION)),
                orUnknown(manifest.getValue("Berth-Revision")));
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? UNKNOWN : value;
    }
}
