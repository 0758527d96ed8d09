package io.berth.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class FileWritersTest {
    private final Path root = Path.of("/layer-root");

    @Test
    void aFileInFlightTouchesItsPathAndWhatIsUnderItUntilWritten() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Path file = root.resolve("d/f");
        try (FileWriters writers = new FileWriters()) {
            writers.reserve(1);
            writers.submit(file, 1, () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            });
            assertTrue(writers.touches(file));
            assertTrue(writers.touches(file.resolve("child")), "an entry under a file in flight touches it");
            assertFalse(writers.touches(root.resolve("d/g")));
            assertFalse(writers.touches(root.resolve("d")), "the directory of a file in flight is not touched");
            release.countDown();
            writers.awaitAll();
            assertFalse(writers.touches(file));
        }
    }

    @Test
    void theFirstFailureIsThrownByTheWaitAfterTheOthersAreDone() throws IOException {
        IOException full = new IOException("no space left on device");
        AtomicInteger written = new AtomicInteger();
        try (FileWriters writers = new FileWriters()) {
            writers.submit(root.resolve("a"), 0, written::incrementAndGet);
            writers.submit(root.resolve("b"), 0, () -> {
                throw full;
            });
            writers.submit(root.resolve("c"), 0, written::incrementAndGet);
            assertSame(full, assertThrows(IOException.class, writers::awaitAll));
            assertEquals(2, written.get());
            writers.awaitAll();
        }
    }
}
