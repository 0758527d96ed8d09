package io.berth.api.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class NamespacesTest {

    @ParameterizedTest
    @ValueSource(strings = {"default", "k8s.io", "moby", "a-b_c.d", "A1", "x"})
    void acceptsContainerdIdentifiers(String name) {
        assertEquals(name, Namespaces.validate(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "a-", "a..b", "a/b", "../x", "a b", "ns\n", "ünï"})
    void refusesMalformedNames(String name) {
        BerthException e = assertThrows(BerthException.class, () -> Namespaces.validate(name));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
    }

    @Test
    void refusesNamesLongerThanContainerdAllows() {
        Namespaces.validate("a".repeat(Namespaces.MAX_LENGTH));
        BerthException e = assertThrows(BerthException.class,
                () -> Namespaces.validate("a".repeat(Namespaces.MAX_LENGTH + 1)));
        assertTrue(e.getMessage().contains("77 characters"), e.getMessage());
    }

    @Test
    void quotesControlCharactersInTheMessage() {
        BerthException e = assertThrows(BerthException.class, () -> Namespaces.validate("a\u0007b"));
        assertTrue(e.getMessage().contains("\\u0007"), e.getMessage());
    }
}
