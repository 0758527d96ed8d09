package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PosixPageSizeTest {
    @Test
    void thePageSizeIsAPowerOfTwoOfAtLeastFourKibibytes() {
        int size = Posix.pageSize();
        assertTrue(size >= 4096, "page size " + size);
        assertEquals(1, Integer.bitCount(size), "page size " + size);
    }
}
