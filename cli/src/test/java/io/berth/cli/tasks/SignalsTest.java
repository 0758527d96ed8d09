package io.berth.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Signals by name, short name or number, as ctr's --signal takes them. */
class SignalsTest {
    @Test
    void namesWithOrWithoutSigInAnyCase() {
        assertEquals(9, Signals.parse("SIGKILL"));
        assertEquals(9, Signals.parse("kill"));
        assertEquals(15, Signals.parse("SigTerm"));
        assertEquals(28, Signals.parse("WINCH"));
    }

    @Test
    void numbersOfRealSignals() {
        assertEquals(9, Signals.parse("9"));
        assertEquals(64, Signals.parse("64"));
    }

    @Test
    void anythingElseIsRefusedWithItsName() {
        assertEquals("unknown signal \"SIGNOPE\"",
                assertThrows(TypeConversionException.class, () -> Signals.parse("SIGNOPE")).getMessage());
        assertThrows(TypeConversionException.class, () -> Signals.parse("0"));
        assertThrows(TypeConversionException.class, () -> Signals.parse("65"));
        assertThrows(TypeConversionException.class, () -> Signals.parse(""));
    }
}
