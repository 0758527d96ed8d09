package io.berth.diff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import com.github.luben.zstd.ZstdOutputStream;

/** Builds real tar layers for tests, entry by entry, with commons-compress's writer. */
final class Layer {
    static final Instant MTIME = Instant.parse("2021-03-04T05:06:07.1234567Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    Layer() {
        tar = new TarArchiveOutputStream(bytes);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    Layer dir(String name, int mode) {
        return dir(name, mode, 0, 0);
    }

    Layer dir(String name, int mode, int uid, int gid) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_DIR);
        entry.setMode(mode);
        entry.setUserId(uid);
        entry.setGroupId(gid);
        return add(entry, null);
    }

    Layer file(String name, String content, int mode) {
        return file(name, content, mode, 0, 0);
    }

    Layer file(String name, String content, int mode, int uid, int gid) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        entry.setMode(mode);
        entry.setUserId(uid);
        entry.setGroupId(gid);
        return add(entry, content.getBytes(StandardCharsets.UTF_8));
    }

    Layer fileWithXattr(String name, String content, String xattr, String value) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        entry.setMode(0644);
        entry.addPaxHeader("SCHILY.xattr." + xattr, value);
        return add(entry, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A file preceded by a hand-made PAX header carrying xattr {@code name} with raw bytes, as GNU tar writes. */
    Layer fileWithRawXattr(String name, String xattr, byte[] value) {
        byte[] key = (" SCHILY.xattr." + xattr + "=").getBytes(StandardCharsets.UTF_8);
        int length = key.length + value.length + 1;
        length += String.valueOf(length + String.valueOf(length).length()).length();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(String.valueOf(length).getBytes(StandardCharsets.US_ASCII));
        record.writeBytes(key);
        record.writeBytes(value);
        record.write('\n');
        TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders/" + name, TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        add(pax, record.toByteArray());
        return file(name, "capable", 0755);
    }

    /** A file entry of {@code size} zero bytes: compresses to almost nothing. */
    Layer zeros(String name, long size) {
        return zeros(name, size, 0644, 0, 0);
    }

    Layer zeros(String name, long size, int mode, int uid, int gid) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        entry.setMode(mode);
        entry.setUserId(uid);
        entry.setGroupId(gid);
        entry.setLastModifiedTime(FileTime.from(MTIME));
        entry.setSize(size);
        try {
            tar.putArchiveEntry(entry);
            byte[] block = new byte[1 << 16];
            for (long left = size; left > 0; left -= block.length) {
                tar.write(block, 0, (int) Math.min(block.length, left));
            }
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Layer symlink(String name, String target) {
        return symlink(name, target, 0, 0);
    }

    Layer symlink(String name, String target, int uid, int gid) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        entry.setLinkName(target);
        entry.setMode(0777);
        entry.setUserId(uid);
        entry.setGroupId(gid);
        return add(entry, null);
    }

    Layer hardLink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
        entry.setLinkName(target);
        entry.setMode(0644);
        return add(entry, null);
    }

    Layer device(String name, byte type, int major, int minor) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setMode(0620);
        entry.setDevMajor(major);
        entry.setDevMinor(minor);
        return add(entry, null);
    }

    Layer fifo(String name) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        entry.setMode(0600);
        return add(entry, null);
    }

    private Layer add(TarArchiveEntry entry, byte[] content) {
        entry.setLastModifiedTime(FileTime.from(MTIME));
        if (content != null) {
            entry.setSize(content.length);
        }
        try {
            tar.putArchiveEntry(entry);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The finished, uncompressed tar stream. */
    byte[] tar() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] tar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] zstd(byte[] tar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream zstd = new ZstdOutputStream(out)) {
            zstd.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
