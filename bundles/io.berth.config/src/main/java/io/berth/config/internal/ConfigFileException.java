package io.berth.config.internal;

/** The config file cannot be used as it is; the message names the file, where, and what is wrong. */
final class ConfigFileException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigFileException(String message) {
        super(message);
    }
}
