package io.berth.config.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Calls back when the config file may have changed. It watches the file's directory, not the file:
 * editors replace a file by renaming a new one over it, and a mounted ConfigMap swaps a symlink,
 * neither of which a watch on the file itself would see. Only events that can change what the file
 * reads count: those naming the file, those naming Kubernetes' {@code ..data} links and directories,
 * and a lost event queue; others (a log written beside the file) are let go without a callback. A
 * burst of events gives one callback once the directory has been quiet for the debounce time.
 */
final class ConfigFileWatcher implements AutoCloseable {
    /** Kubernetes' atomic writer swaps a {@code ..data} symlink to a new {@code ..<timestamp>} directory. */
    private static final String ATOMIC_WRITER_PREFIX = "..";

    private final WatchService watchService;
    private final Path fileName;
    private final Duration debounce;
    private final Runnable onChange;
    private final Consumer<String> onStop;
    private final Thread thread;

    private ConfigFileWatcher(Path directory, Path fileName, Duration debounce, Runnable onChange,
                              Consumer<String> onStop) throws IOException {
        this.watchService = directory.getFileSystem().newWatchService();
        this.fileName = fileName;
        this.debounce = debounce;
        this.onChange = onChange;
        this.onStop = onStop;
        try {
            directory.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            watchService.close();
            throw e;
        }
        this.thread = Thread.ofPlatform().daemon().name("berth-config-watch").unstarted(this::watch);
    }

    /**
     * Starts watching the file.
     *
     * @param onChange called on the watcher's thread after changes; it handles its own errors, as one
     *        that escapes ends the watch
     * @param onStop told why watching ended other than by {@link #close()}: the directory vanished, or
     *        {@code onChange} threw
     */
    static ConfigFileWatcher start(Path file, Duration debounce, Runnable onChange, Consumer<String> onStop)
            throws IOException {
        Path absolute = file.toAbsolutePath();
        ConfigFileWatcher watcher = new ConfigFileWatcher(absolute.getParent(), absolute.getFileName(), debounce,
                onChange, onStop);
        watcher.thread.start();
        return watcher;
    }

    /** Stops watching and waits until a callback in progress has returned. */
    @Override
    public void close() {
        try {
            watchService.close();
        } catch (IOException e) {
            // Closing an inotify watch only fails when it is already gone; the thread ends either way.
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                boolean relevant = concernsTheFile(key.pollEvents());
                // A directory that goes, even while the burst is waited out, ends the watch: nothing would come again.
                if (!key.reset() || relevant && !quietForTheDebounceTime()) {
                    onStop.accept("the watched directory is no longer accessible");
                    return;
                }
                if (relevant) {
                    onChange.run();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // close() was called: the watch ends quietly.
        } catch (RuntimeException e) {
            onStop.accept("the change handler failed: " + e);
        }
    }

    /** Waits until no event has come for the debounce time; false as soon as the directory's watch is cancelled. */
    private boolean quietForTheDebounceTime() throws InterruptedException {
        WatchKey more;
        while ((more = watchService.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            more.pollEvents();
            if (!more.reset()) {
                return false;
            }
        }
        return true;
    }

    private boolean concernsTheFile(List<WatchEvent<?>> events) {
        for (WatchEvent<?> event : events) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || !(event.context() instanceof Path name)
                    || name.equals(fileName) || name.toString().startsWith(ATOMIC_WRITER_PREFIX)) {
                return true;
            }
        }
        return false;
    }
}
