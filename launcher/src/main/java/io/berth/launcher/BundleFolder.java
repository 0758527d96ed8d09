package io.berth.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import java.util.TreeMap;

/** The jars of bundle folders, as the framework knows them: by file URI, with their stamps. */
final class BundleFolder {
    private BundleFolder() {
    }

    /**
     * The {@code *.jar} files directly in {@code folders}, sorted by file name within each folder,
     * the folders in the given order. A missing folder has no jars. One directory read per folder
     * and one stat per jar.
     */
    static SequencedMap<String, FileStamp> scan(Path... folders) throws IOException {
        SequencedMap<String, FileStamp> jars = new LinkedHashMap<>();
        for (Path folder : folders) {
            TreeMap<String, Path> byName = new TreeMap<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (name.endsWith(".jar")) {
                        byName.put(name, entry);
                    }
                }
            } catch (NoSuchFileException e) {
                continue;
            }
            for (Path jar : byName.values()) {
                BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    jars.put(location(jar), new FileStamp(attributes.size(), attributes.lastModifiedTime().toMillis()));
                }
            }
        }
        return jars;
    }

    /** The jar's {@code file:} URI, made without Path.toUri, which stats the file to spot directories. */
    static String location(Path jar) {
        try {
            return new URI("file", null, jar.toAbsolutePath().toString(), null).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a file path: " + jar, e);
        }
    }
}
