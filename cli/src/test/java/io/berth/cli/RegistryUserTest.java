package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RegistryUserTest {
    @Test
    void splitsAtTheFirstColonOnly() {
        assertEquals(new RegistryUser("me", "pa:ss"), RegistryUser.parse("me:pa:ss", null));
    }

    @Test
    void noOptionIsAnonymousAndNoSecretWithoutATerminalIsEmpty() {
        assertEquals(RegistryUser.ANONYMOUS, RegistryUser.parse(null, null));
        assertEquals(new RegistryUser("me", ""), RegistryUser.parse("me", null));
    }

    @Test
    void emptyUserNameIsRefused() {
        CommandFailure refused = assertThrows(CommandFailure.class, () -> RegistryUser.parse(":secret", null));

        assertEquals("--user :secret: the user name is empty", refused.getMessage());
    }
}
