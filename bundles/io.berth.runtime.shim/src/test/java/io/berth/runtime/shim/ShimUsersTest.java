package io.berth.runtime.shim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ShimUsersTest {
    private static final Path GROUP = Path.of("/run/containerd/s/group");
    private static final Path ALONE = Path.of("/run/containerd/s/alone");

    @Test
    void onlyTheLastTaskOfASharedShimIsItsLast() {
        ShimUsers users = new ShimUsers();
        users.add(GROUP);
        users.add(GROUP);
        users.add(ALONE);

        assertFalse(users.removeLast(GROUP), "another task still uses the group's shim");
        assertTrue(users.removeLast(ALONE));
        assertTrue(users.removeLast(GROUP));
    }

    @Test
    void aShimThatJoinedAgainAfterItsLastTaskCountsAfresh() {
        ShimUsers users = new ShimUsers();
        users.add(GROUP);
        assertTrue(users.removeLast(GROUP));
        users.add(GROUP);
        users.add(GROUP);

        assertFalse(users.removeLast(GROUP));
        assertTrue(users.removeLast(GROUP));
    }

    @Test
    void aShimNeverCountedHasNoOtherTask() {
        assertTrue(new ShimUsers().removeLast(ALONE));
    }
}
