package io.berth.config.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

/** TOML text into a tree, with syntax errors reported as {@code file:line:column: what}. */
final class TomlParser {
    private static final String DUPLICATE_KEY = "Duplicate key";

    private final TomlMapper mapper = new TomlMapper();

    ObjectNode parse(String text, String file) throws ConfigFileException {
        try {
            JsonNode tree = mapper.readTree(text);
            // An empty document reads as a missing node: it is an empty table.
            return tree instanceof ObjectNode table ? table : mapper.createObjectNode();
        } catch (JacksonException e) {
            throw new ConfigFileException(file + position(e) + ": " + e.getOriginalMessage());
        }
    }

    /** {@code :line:column}, {@code :line}, or nothing, as far as the parser knows. */
    private static String position(JacksonException e) {
        JsonLocation where = e.getLocation();
        if (where == null || where.getLineNr() < 1) {
            return "";
        }
        int line = where.getLineNr();
        int column = where.getColumnNr();
        if (DUPLICATE_KEY.equals(e.getOriginalMessage()) && column == 1 && line > 1) {
            // The parser notices a duplicate key only past the newline that ends the key's line.
            return ":" + (line - 1);
        }
        return ":" + line + (column < 1 ? "" : ":" + column);
    }
}
