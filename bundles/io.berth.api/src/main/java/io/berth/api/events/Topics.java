package io.berth.api.events;

import java.util.regex.Pattern;

import io.berth.api.errors.BerthException;

/** The rule for event topics, as containerd's: {@code /}-separated identifiers after a leading {@code /}. */
public final class Topics {
    /** Longest accepted component, as containerd's identifiers. */
    public static final int MAX_COMPONENT_LENGTH = 76;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*");

    private Topics() {
    }

    /**
     * Checks a topic such as {@code /tasks/exit}.
     *
     * @return the topic, when valid
     * @throws BerthException of kind INVALID_ARGUMENT saying what is wrong with it
     */
    public static String validate(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw BerthException.invalidArgument("event topic must not be empty");
        }
        if (topic.charAt(0) != '/') {
            throw BerthException.invalidArgument("event topic %s must start with '/'", quote(topic));
        }
        if (topic.length() == 1) {
            throw BerthException.invalidArgument("event topic \"/\" must have at least one component");
        }
        for (String component : topic.substring(1).split("/", -1)) {
            if (component.length() > MAX_COMPONENT_LENGTH || !IDENTIFIER.matcher(component).matches()) {
                throw BerthException.invalidArgument("event topic %s: component %s must be at most %d letters and"
                        + " digits, separated by single '.', '_' or '-'", quote(topic), quote(component),
                        MAX_COMPONENT_LENGTH);
            }
        }
        return topic;
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
