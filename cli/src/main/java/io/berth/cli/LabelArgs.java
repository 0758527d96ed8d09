package io.berth.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Labels as ctr takes them on the command line ("key=value", a bare key meaning an empty value) and prints them. */
public final class LabelArgs {
    private LabelArgs() {
    }

    /** The labels of {@code key=value} arguments, in the order given; a later one wins over an earlier one. */
    public static Map<String, String> parse(List<String> arguments) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (equals < 0) {
                labels.put(argument, "");
            } else {
                labels.put(argument.substring(0, equals), argument.substring(equals + 1));
            }
        }
        return labels;
    }

    /** "a=1,b=2": each label as "key=value", sorted as text as ctr sorts them; empty when there are none. */
    public static String format(Map<String, String> labels) {
        return labels.entrySet().stream()
                .map(label -> label.getKey() + "=" + label.getValue())
                .sorted()
                .collect(Collectors.joining(","));
    }

    /** As {@link #format}, with "-" for none, as ctr's tables show it. */
    public static String formatOrDash(Map<String, String> labels) {
        return labels.isEmpty() ? "-" : format(labels);
    }
}
