package io.berth.api.namespaces;

import io.berth.api.errors.BerthException;

/** Namespace names: the default one, and the rule every name must follow (containerd's identifiers). */
public final class Namespaces {
    /** The namespace of a request that names none. */
    public static final String DEFAULT = "default";
    /** Longest accepted name, as in containerd. */
    public static final int MAX_LENGTH = Identifiers.MAX_LENGTH;

    private Namespaces() {
    }

    /**
     * Checks a namespace name.
     *
     * @return the name, when valid
     * @throws BerthException of kind INVALID_ARGUMENT saying what is wrong with it
     */
    public static String validate(String name) {
        return Identifiers.validate("namespace name", name);
    }
}
