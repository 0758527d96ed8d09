package io.berth.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileWatcherTest {
    /** Generous: inotify answers in milliseconds, but a loaded CI machine may be slow. */
    private static final long AWAIT_SECONDS = 30;

    @TempDir
    Path directory;

    /** Each change delivers the file's content as the callback saw it. */
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    private ConfigFileWatcher watch(Path file) throws Exception {
        return ConfigFileWatcher.start(file, Duration.ofMillis(100), () -> {
            try {
                seen.add(Files.readString(file));
            } catch (Exception e) {
                seen.add("unreadable: " + e);
            }
        }, why -> seen.add("stopped: " + why));
    }

    private String awaitContent(String expected) throws InterruptedException {
        while (true) {
            String content = seen.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(content, "no change delivered with " + expected);
            if (content.equals(expected)) {
                return content;
            }
        }
    }

    @Test
    void anEditInPlaceIsDelivered() throws Exception {
        Path file = Files.writeString(directory.resolve("config.toml"), "[debug]\nlevel = \"info\"\n");
        try (ConfigFileWatcher watcher = watch(file)) {
            Files.writeString(file, "[debug]\nlevel = \"debug\"\n");
            assertEquals("[debug]\nlevel = \"debug\"\n", awaitContent("[debug]\nlevel = \"debug\"\n"));
        }
    }

    @Test
    void aReplacementByRenameIsDelivered() throws Exception {
        Path file = Files.writeString(directory.resolve("config.toml"), "[debug]\nlevel = \"info\"\n");
        try (ConfigFileWatcher watcher = watch(file)) {
            Path next = Files.writeString(directory.resolve(".config.toml.swp"), "[debug]\nlevel = \"warn\"\n");
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertEquals("[debug]\nlevel = \"warn\"\n", awaitContent("[debug]\nlevel = \"warn\"\n"));
        }
    }

    @Test
    void writesToOtherFilesInTheDirectoryAreNotDelivered() throws Exception {
        Path file = Files.writeString(directory.resolve("config.toml"), "[debug]\nlevel = \"info\"\n");
        try (ConfigFileWatcher watcher = watch(file)) {
            Path log = directory.resolve("berthd.log");
            for (int line = 0; line < 20; line++) {
                Files.writeString(log, "line " + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            // Ten debounce times: a watcher that counted the log's writes would call back with the old content now.
            Thread.sleep(1000);
            Files.writeString(file, "[debug]\nlevel = \"debug\"\n");
            assertEquals("[debug]\nlevel = \"debug\"\n", seen.poll(AWAIT_SECONDS, TimeUnit.SECONDS),
                    "the first callback is the config file's change, not the log's");
        }
    }

    @Test
    void aKubernetesConfigMapSwapIsDelivered() throws Exception {
        Path first = Files.createDirectories(directory.resolve("..2026_11_30_01"));
        Files.writeString(first.resolve("config.toml"), "[debug]\nlevel = \"info\"\n");
        Files.createSymbolicLink(directory.resolve("..data"), first.getFileName());
        Path file = Files.createSymbolicLink(directory.resolve("config.toml"), Path.of("..data/config.toml"));
        try (ConfigFileWatcher watcher = watch(file)) {
            Path second = Files.createDirectories(directory.resolve("..2026_11_30_02"));
            Files.writeString(second.resolve("config.toml"), "[debug]\nlevel = \"warn\"\n");
            Path link = Files.createSymbolicLink(directory.resolve("..data_tmp"), second.getFileName());
            Files.move(link, directory.resolve("..data"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            assertEquals("[debug]\nlevel = \"warn\"\n", awaitContent("[debug]\nlevel = \"warn\"\n"));
        }
    }

    @Test
    void aDirectoryThatGoesWhileABurstIsWaitedOutEndsTheWatch() throws Exception {
        Path watched = Files.createDirectories(directory.resolve("etc"));
        Path file = Files.writeString(watched.resolve("config.toml"), "[debug]\nlevel = \"info\"\n");
        try (ConfigFileWatcher watcher = ConfigFileWatcher.start(file, Duration.ofSeconds(2),
                () -> seen.add("changed"), why -> seen.add("stopped: " + why))) {
            Files.writeString(file, "[debug]\nlevel = \"debug\"\n");
            // Well inside the debounce time that this write began.
            Thread.sleep(300);
            Files.delete(file);
            Files.delete(watched);
            assertEquals("stopped: the watched directory is no longer accessible",
                    seen.poll(AWAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeEndsTheWatchThread() throws Exception {
        Path file = Files.writeString(directory.resolve("config.toml"), "");
        ConfigFileWatcher watcher = watch(file);
        watcher.close();
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("berth-config-watch") && thread.isAlive()));
    }
}
