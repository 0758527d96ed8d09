package io.berth.launcher;

import java.nio.file.Path;

/** A second process for {@link InstanceLockTest}: holds the lock of a root until its stdin closes. */
public final class LockHolder {
    private LockHolder() {
    }

    @SuppressWarnings("try") // held, not used
    public static void main(String[] args) throws Exception {
        try (InstanceLock lock = InstanceLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold until the test closes our stdin.
            }
        }
    }
}
