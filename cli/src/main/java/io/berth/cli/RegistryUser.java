package io.berth.cli;

import java.io.Console;

/**
 * The {@code --user USER[:SECRET]} of commands that reach a registry through the daemon.
 *
 * @param username empty for anonymous access
 * @param secret empty when none was given or typed
 */
public record RegistryUser(String username, String secret) {
    public static final RegistryUser ANONYMOUS = new RegistryUser("", "");

    /**
     * Splits {@code user} at its first colon; without one, asks for the secret on {@code console} when there is one.
     *
     * @param user the option's value, null when it was not given
     * @throws CommandFailure when the user name is empty
     */
    public static RegistryUser parse(String user, Console console) {
        if (user == null) {
            return ANONYMOUS;
        }
        int colon = user.indexOf(':');
        if (colon == 0) {
            throw new CommandFailure("--user " + user + ": the user name is empty");
        }
        if (colon > 0) {
            return new RegistryUser(user.substring(0, colon), user.substring(colon + 1));
        }
        if (console == null) {
            return new RegistryUser(user, "");
        }
        char[] secret = console.readPassword("Password: ");
        return new RegistryUser(user, secret == null ? "" : new String(secret));
    }
}
