package io.berth.cli;

/** How a command prints its result: aligned text for people, or JSON for scripts. */
public enum OutputFormat {
    TABLE,
    JSON
}
