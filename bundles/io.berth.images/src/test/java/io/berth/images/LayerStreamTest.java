package io.berth.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class LayerStreamTest {
    private static byte[] bytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    /** Writes {@code data} in chunks of 64 KiB, as a download does, then ends. */
    private static void download(LayerStream stream, byte[] data) {
        stream.start();
        for (int at = 0; at < data.length; at += 1 << 16) {
            stream.write(data, at, Math.min(1 << 16, data.length - at));
        }
        stream.end();
    }

    @Test
    void followerReadsEveryByteInOrderWhileTheDownloadWaitsForIt() throws Exception {
        LayerStream stream = new LayerStream();
        stream.start();
        byte[] data = bytes(3 * LayerStream.CAPACITY + 12345);
        InputStream claimed = stream.claim().orElseThrow();
        Thread downloading = Thread.ofVirtual().start(() -> download(stream, data));

        try (InputStream follower = claimed) {
            assertArrayEquals(data, follower.readAllBytes());
        }
        downloading.join();
    }

    @Test
    void claimWaitsForTheDownloadToDecide() throws Exception {
        LayerStream stream = new LayerStream();
        AtomicReference<Optional<InputStream>> claimed = new AtomicReference<>();
        Thread claiming = Thread.ofVirtual().start(() -> claimed.set(stream.claim()));
        awaitWaiting(claiming);

        stream.decline();
        claiming.join();

        assertTrue(claimed.get().isEmpty(), "a declined stream is read from the store");
    }

    @Test
    void aStreamNoOneClaimsIsGivenUpPastItsCapacityAndNeverHoldsTheDownload() {
        LayerStream stream = new LayerStream();
        download(stream, bytes(LayerStream.CAPACITY + 1));

        assertTrue(stream.claim().isEmpty(), "the follower reads the stored blob instead");
    }

    @Test
    void aSmallLayerIsKeptUntilItsFollowerClaimsIt() throws Exception {
        LayerStream stream = new LayerStream();
        byte[] data = bytes(LayerStream.CAPACITY / 2);
        download(stream, data);

        try (InputStream follower = stream.claim().orElseThrow()) {
            assertArrayEquals(data, follower.readAllBytes());
        }
    }

    @Test
    void aFollowerThatFallsBehindHoldsTheDownloadUntilItReads() throws Exception {
        LayerStream stream = new LayerStream();
        stream.start();
        InputStream follower = stream.claim().orElseThrow();
        byte[] data = bytes(LayerStream.CAPACITY + (1 << 16));
        Thread downloading = Thread.ofVirtual().start(() -> {
            stream.write(data, 0, LayerStream.CAPACITY);
            stream.write(data, LayerStream.CAPACITY, 1 << 16);
            stream.end();
        });
        awaitWaiting(downloading);

        assertArrayEquals(data, follower.readAllBytes());
        downloading.join();
    }

    @Test
    void aFailedDownloadFailsItsFollowerWithTheCause() throws Exception {
        LayerStream stream = new LayerStream();
        stream.start();
        InputStream follower = stream.claim().orElseThrow();
        stream.write(bytes(10), 0, 10);

        stream.fail(new BerthException(ErrorKind.DATA_LOSS, "not the digest's bytes"));

        IOException failure = assertThrows(IOException.class, follower::readAllBytes);
        assertTrue(failure.getMessage().contains("not the digest's bytes"), failure.getMessage());
    }

    @Test
    void aDownloadThatFailsBeforeItsFirstByteSendsTheFollowerToTheStore() {
        LayerStream stream = new LayerStream();

        stream.fail(new BerthException(ErrorKind.UNAVAILABLE, "registry down"));

        assertTrue(stream.claim().isEmpty());
    }

    @Test
    void aFollowerThatStopsReadingLetsTheDownloadGoOn() throws Exception {
        LayerStream stream = new LayerStream();
        stream.start();
        stream.claim().orElseThrow().close();

        download(stream, bytes(3 * LayerStream.CAPACITY));
    }

    @Test
    void anIgnoredStreamIsNotClaimedAndLetsTheDownloadGoOn() {
        LayerStream stream = new LayerStream();
        stream.ignore();

        download(stream, bytes(3 * LayerStream.CAPACITY));

        assertTrue(stream.claim().isEmpty());
    }

    @Test
    void aStreamHasOneFollower() {
        LayerStream stream = new LayerStream();
        stream.start();

        assertTrue(stream.claim().isPresent());
        assertTrue(stream.claim().isEmpty(), "a second unpacking of the same blob reads the store");
    }

    @Test
    void anInterruptedClaimIsCanceled() throws Exception {
        LayerStream stream = new LayerStream();
        AtomicReference<BerthException> failure = new AtomicReference<>();
        Thread claiming = Thread.ofVirtual().start(() -> {
            try {
                stream.claim();
            } catch (BerthException e) {
                failure.set(e);
            }
        });
        awaitWaiting(claiming);

        claiming.interrupt();
        claiming.join();

        assertEquals(ErrorKind.CANCELED, failure.get().kind());
    }

    /** Returns once the thread waits (for the stream); no clock involved. */
    private static void awaitWaiting(Thread thread) {
        while (thread.getState() != Thread.State.WAITING) {
            assertTrue(thread.isAlive(), "the thread ended instead of waiting");
            Thread.onSpinWait();
        }
    }
}
