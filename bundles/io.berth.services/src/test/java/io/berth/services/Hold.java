package io.berth.services;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A point where a test fixture's calls wait, as on a slow disk or device, until the test lets them go. */
public final class Hold {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Called by the fixture: waits here until {@link #release()}. */
    public void here() {
        reached.countDown();
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held", e);
        }
    }

    /** Whether a call reached the hold within the time. */
    public boolean reached(long seconds) throws InterruptedException {
        return reached.await(seconds, TimeUnit.SECONDS);
    }

    /** Lets every call held now or later go on. */
    public void release() {
        released.countDown();
    }
}
