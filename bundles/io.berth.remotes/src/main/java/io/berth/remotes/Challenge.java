package io.berth.remotes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters, such as
 * {@code Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"}.
 *
 * @param scheme lowercase, {@code basic} or {@code bearer}
 * @param parameters names lowercase, values unquoted
 */
record Challenge(String scheme, Map<String, String> parameters) {

    static List<Challenge> parseAll(List<String> headers) {
        List<Challenge> challenges = new ArrayList<>();
        for (String header : headers) {
            Challenge challenge = parse(header);
            if (challenge != null) {
                challenges.add(challenge);
            }
        }
        return challenges;
    }

    /** The challenge in {@code header}, or null when it has no scheme. */
    static Challenge parse(String header) {
        String text = header.strip();
        int space = text.indexOf(' ');
        String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        if (scheme.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = space < 0 ? text.length() : space + 1;
        while (i < text.length()) {
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
                i++;
            }
            int equals = text.indexOf('=', i);
            if (equals < 0) {
                break;
            }
            String name = text.substring(i, equals).strip().toLowerCase(Locale.ROOT);
            i = equals + 1;
            StringBuilder value = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                for (i++; i < text.length() && text.charAt(i) != '"'; i++) {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < text.length()) {
                        c = text.charAt(++i);
                    }
                    value.append(c);
                }
                i++;
            } else {
                for (; i < text.length() && text.charAt(i) != ','; i++) {
                    value.append(text.charAt(i));
                }
            }
            parameters.put(name, value.toString().strip());
        }
        return new Challenge(scheme, Map.copyOf(parameters));
    }
}
