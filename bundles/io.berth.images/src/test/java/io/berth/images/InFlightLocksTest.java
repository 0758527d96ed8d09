package io.berth.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class InFlightLocksTest {
    private final InFlightLocks locks = new InFlightLocks();

    @Test
    void keysNameBlobsAndEachSnapshottersChains() {
        assertEquals("blob://sha256:ab", InFlightLocks.blob("sha256:ab"));
        assertEquals("sn://overlayfs/sha256:cd", InFlightLocks.snapshot("overlayfs", "sha256:cd"));
    }

    @Test
    void aSecondHolderOfAKeyWaitsForTheFirstAndTheKeyIsForgottenAfter() throws InterruptedException {
        List<String> order = new CopyOnWriteArrayList<>();
        Thread second;
        try (InFlightLocks.Held first = locks.acquire("blob://x")) {
            second = Thread.ofVirtual().start(() -> {
                try (InFlightLocks.Held held = locks.acquire("blob://x")) {
                    order.add("second");
                }
            });
            awaitParked(second);
            order.add("first");
        }
        second.join();

        assertEquals(List.of("first", "second"), order);
        assertEquals(0, locks.size());
    }

    @Test
    void otherKeysDoNotWait() throws InterruptedException {
        try (InFlightLocks.Held first = locks.acquire("sn://overlayfs/a")) {
            Thread other = Thread.ofVirtual().start(() -> locks.acquire("sn://native/a").close());
            other.join();
            assertEquals(1, locks.size());
        }
    }

    @Test
    void aWaiterThatIsInterruptedGivesUpWithCanceledAndLeavesNothingBehind() throws InterruptedException {
        List<ErrorKind> outcome = new CopyOnWriteArrayList<>();
        try (InFlightLocks.Held first = locks.acquire("blob://y")) {
            Thread waiter = Thread.ofVirtual().start(() -> outcome.add(
                    assertThrows(BerthException.class, () -> locks.acquire("blob://y")).kind()));
            awaitParked(waiter);
            waiter.interrupt();
            waiter.join();
            assertEquals(1, locks.size());
        }
        assertEquals(List.of(ErrorKind.CANCELED), outcome);
        assertEquals(0, locks.size());
    }

    /** Until the thread waits for the lock: it parks only there. */
    private static void awaitParked(Thread thread) {
        while (thread.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
    }
}
