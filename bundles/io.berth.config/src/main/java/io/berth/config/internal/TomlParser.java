package io.berth.config.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;

/**
 * TOML text into plain Java values: tables as {@code Map<String, Object>}, arrays as {@code List},
 * strings, booleans, numbers (dates and times as their text). Syntax errors are reported as
 * {@code file:line:column: what}. It reads through the streaming parser: an ObjectMapper would cost
 * the daemon's start-up more than the whole file does.
 */
final class TomlParser {
    private static final String DUPLICATE_KEY = "Duplicate key";

    private final TomlFactory factory = new TomlFactory();

    Map<String, Object> parse(String text, String file) throws ConfigFileException {
        try (JsonParser parser = factory.createParser(text)) {
            // An empty document has no tokens: it is an empty table.
            if (parser.nextToken() == null) {
                return new LinkedHashMap<>();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) value(parser);
            return root;
        } catch (JacksonException e) {
            throw new ConfigFileException(file + position(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigFileException(file + ": " + e.getMessage());
        }
    }

    /** The value at the parser's current token, with everything inside it. */
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
            case VALUE_EMBEDDED_OBJECT -> String.valueOf(parser.getEmbeddedObject());
            default -> throw new IOException("unexpected " + token + " in the TOML tree");
        };
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
