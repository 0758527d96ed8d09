package io.berth.diff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ReadAheadTest {
    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void passesEveryByteThroughInOrderAcrossChunks() throws IOException {
        byte[] data = random(3 * 256 * 1024 + 12345);
        try (ReadAhead ahead = new ReadAhead(new ByteArrayInputStream(data), "test-read")) {
            assertArrayEquals(data, ahead.readAllBytes());
            assertEquals(-1, ahead.read());
        }
    }

    @Test
    void aFailureOfTheSourceReachesTheReaderAfterTheDataBeforeItAndStays() throws IOException {
        byte[] data = random(1000);
        IOException broken = new IOException("broken");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(data), new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }
        });
        try (ReadAhead ahead = new ReadAhead(failing, "test-read")) {
            assertArrayEquals(data, ahead.readNBytes(data.length));
            assertSame(broken, assertThrows(IOException.class, ahead::read));
            assertSame(broken, assertThrows(IOException.class, ahead::read));
        }
    }

    @Test
    void closingStopsTheReadingThreadBeforeTheEnd() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return length;
            }
        };
        ReadAhead ahead = new ReadAhead(endless, "test-read-closing");
        ahead.close();
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("test-read-closing")), "the reading thread has ended");
    }
}
