package io.berth.remotes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;

/**
 * JSON manifests and TOML hosts files into plain Java values (tables as maps, arrays as lists), through
 * jackson's streaming parsers as the daemon's config.toml reader does: no object mapper to start.
 */
final class Trees {
    private static final JsonFactory JSON = new JsonFactory();
    private static final TomlFactory TOML = new TomlFactory();

    private Trees() {
    }

    static Map<String, Object> json(byte[] content) throws IOException {
        try (JsonParser parser = JSON.createParser(content)) {
            return root(parser);
        }
    }

    static Map<String, Object> toml(String text) throws IOException {
        try (JsonParser parser = TOML.createParser(text)) {
            return root(parser);
        }
    }

    private static Map<String, Object> root(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return new LinkedHashMap<>();
        }
        if (first != JsonToken.START_OBJECT) {
            throw new IOException("expected an object at the top, found " + first);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) value(parser);
        return root;
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> table = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    table.put(key, value(parser));
                }
                yield table;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_NULL -> null;
            case VALUE_EMBEDDED_OBJECT -> String.valueOf(parser.getEmbeddedObject());
            default -> throw new IOException("unexpected " + token);
        };
    }

    /** The string at {@code key}, or null when absent or not a string. */
    static String string(Map<String, Object> table, String key) {
        return table.get(key) instanceof String text ? text : null;
    }
}
