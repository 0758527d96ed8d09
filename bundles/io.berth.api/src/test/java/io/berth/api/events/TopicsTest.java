package io.berth.api.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class TopicsTest {
    private static String refusal(String topic) {
        BerthException e = assertThrows(BerthException.class, () -> Topics.validate(topic));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        return e.getMessage();
    }

    @Test
    void aTopicIsSlashSeparatedIdentifiersAfterALeadingSlash() {
        assertEquals("/tasks/exit", Topics.validate("/tasks/exit"));
        assertEquals("/a.b/c-d/e_f", Topics.validate("/a.b/c-d/e_f"));
    }

    @Test
    void aBadTopicIsRefusedInContainerdsWords() {
        assertEquals("envelope topic \"\": must not be empty", refusal(""));
        assertEquals("envelope topic \"tasks\": must start with '/'", refusal("tasks"));
        assertEquals("envelope topic \"/\": must have at least one component", refusal("/"));
        assertEquals("envelope topic \"/tasks//exit\": failed validation on component \"\": it must be at most 76 "
                + "letters and digits, separated by single '.', '_' or '-'", refusal("/tasks//exit"));
        refusal("/" + "x".repeat(77));
        refusal("/tasks/ex it");
    }
}
