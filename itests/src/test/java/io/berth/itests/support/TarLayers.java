package io.berth.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Gzipped tar layers written entry by entry with commons-compress, names kept exactly as given ({@code ..} and
 * leading slashes included): what a hostile image could hold.
 */
public final class TarLayers {
    private TarLayers() {
    }

    /** What goes into one layer. */
    public interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    public static byte[] gzipped(Entries entries) throws IOException {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(gzipped))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.write(tar);
        }
        return gzipped.toByteArray();
    }

    public static void file(TarArchiveOutputStream tar, String name, String text) throws IOException {
        file(tar, name, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void file(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(data.length);
        entry.setMode(0100644);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    public static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        link(tar, name, TarArchiveEntry.LF_SYMLINK, target);
    }

    public static void hardLink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        link(tar, name, TarArchiveEntry.LF_LINK, target);
    }

    private static void link(TarArchiveOutputStream tar, String name, byte type, String target) throws IOException {
        TarArchiveEntry link = new TarArchiveEntry(name, type, true);
        link.setLinkName(target);
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
    }

    /** A character ({@link TarArchiveEntry#LF_CHR}) or block ({@link TarArchiveEntry#LF_BLK}) device node. */
    public static void device(TarArchiveOutputStream tar, String name, byte type, int major, int minor)
            throws IOException {
        TarArchiveEntry node = new TarArchiveEntry(name, type, true);
        node.setDevMajor(major);
        node.setDevMinor(minor);
        node.setMode(0600);
        tar.putArchiveEntry(node);
        tar.closeArchiveEntry();
    }
}
