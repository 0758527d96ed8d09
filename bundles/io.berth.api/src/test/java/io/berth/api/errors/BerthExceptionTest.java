package io.berth.api.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BerthExceptionTest {
    @Test
    void withContextLeadsTheMessageAndKeepsTheKindAndTheRefusal() {
        BerthException refused = BerthException.invalidArgument("parent \"%s\" is not committed snapshot", "p");

        BerthException wrapped = refused.withContext("failed to create snapshot");

        assertEquals("failed to create snapshot: parent \"p\" is not committed snapshot", wrapped.getMessage());
        assertEquals(ErrorKind.INVALID_ARGUMENT, wrapped.kind());
        assertSame(refused, wrapped.getCause());
    }
}
