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
     * @throws BerthException of kind INVALID_ARGUMENT saying what is wrong with it, in containerd's words but for
     *         the rule of a component
     */
    public static String validate(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw refused("", "must not be empty");
        }
        if (topic.charAt(0) != '/') {
            throw refused(topic, "must start with '/'");
        }
        if (topic.length() == 1) {
            throw refused(topic, "must have at least one component");
        }
        for (String component : topic.substring(1).split("/", -1)) {
            if (component.length() > MAX_COMPONENT_LENGTH || !IDENTIFIER.matcher(component).matches()) {
                throw refused(topic, "failed validation on component %s: it must be at most %d letters and digits,"
                        .formatted(quote(component), MAX_COMPONENT_LENGTH) + " separated by single '.', '_' or '-'");
            }
        }
        return topic;
    }

    private static BerthException refused(String topic, String why) {
        return BerthException.invalidArgument("envelope topic %s: %s", quote(topic), why);
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
