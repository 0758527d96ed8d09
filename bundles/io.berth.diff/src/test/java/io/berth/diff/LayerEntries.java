package io.berth.diff;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** The entries of a computed layer, read back with commons-compress's reader. */
record LayerEntries(List<TarArchiveEntry> entries, List<String> contents) {
    static LayerEntries read(byte[] layer) {
        List<TarArchiveEntry> entries = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        try (InputStream in = Decompression.open(new ByteArrayInputStream(layer), "");
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.add(entry);
                contents.add(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LayerEntries(entries, contents);
    }

    /** Each entry as {@code <type flag> <name>}, with {@code -> <target>} for links. */
    List<String> outline() {
        return entries.stream().map(entry -> (char) entry.getLinkFlag() + " " + entry.getName()
                + (entry.getLinkName().isEmpty() ? "" : " -> " + entry.getLinkName())).toList();
    }

    TarArchiveEntry entry(String name) {
        return entries.stream().filter(entry -> entry.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + name + " in " + outline()));
    }

    String content(String name) {
        return contents.get(entries.indexOf(entry(name)));
    }
}
