package io.berth.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One berthd per root: an exclusive lock on {@code <root>/berthd.lock}, which holds the owner's pid.
 * The kernel drops the lock when the process dies, so a crash leaves nothing to clean up.
 */
final class InstanceLock implements AutoCloseable {
    private final FileChannel channel;

    private InstanceLock(FileChannel channel) {
        this.channel = channel;
    }

    static InstanceLock acquire(Path root) throws LauncherException {
        Path file = root.resolve("berthd.lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(root);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (!tryLock(channel)) {
                throw new LauncherException("another berthd (pid " + owner(channel) + ") is using root " + root);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)), 0);
            InstanceLock lock = new InstanceLock(channel);
            channel = null;
            return lock;
        } catch (IOException e) {
            throw new LauncherException("cannot lock " + file + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(channel);
        }
    }

    /** Releases the lock; a second call does nothing. */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static boolean tryLock(FileChannel channel) throws IOException {
        try {
            FileLock lock = channel.tryLock();
            return lock != null;
        } catch (OverlappingFileLockException e) {
            // This JVM already holds it: a second in-process start on the same root.
            return false;
        }
    }

    private static String owner(FileChannel channel) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(32);
        channel.read(content, 0);
        String pid = new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).strip();
        return pid.isEmpty() ? "unknown" : pid;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing only releases the lock; there is nothing left to save.
        }
    }
}
