package io.berth.oci.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The entries of an {@code /etc/passwd} or {@code /etc/group} text, as Go's user package reads them: blank lines
 * and comments skipped, a number that does not parse read as 0.
 */
final class UnixAccounts {
    record Account(String name, long uid, long gid) {
    }

    record Group(String name, long gid, List<String> members) {
    }

    private UnixAccounts() {
    }

    static Optional<Account> user(String passwd, Predicate<Account> filter) {
        for (List<String> fields : lines(passwd)) {
            Account account = new Account(field(fields, 0), number(field(fields, 2)), number(field(fields, 3)));
            if (filter.test(account)) {
                return Optional.of(account);
            }
        }
        return Optional.empty();
    }

    static List<Group> groups(String group, Predicate<Group> filter) {
        List<Group> found = new ArrayList<>();
        for (List<String> fields : lines(group)) {
            String members = field(fields, 3);
            Group entry = new Group(field(fields, 0), number(field(fields, 2)),
                    members.isEmpty() ? List.of() : List.of(members.split(",")));
            if (filter.test(entry)) {
                found.add(entry);
            }
        }
        return found;
    }

    private static List<List<String>> lines(String text) {
        List<List<String>> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                lines.add(List.of(trimmed.split(":", -1)));
            }
        }
        return lines;
    }

    private static String field(List<String> fields, int index) {
        return index < fields.size() ? fields.get(index) : "";
    }

    /** Ids are unsigned 32-bit; anything else reads as 0. */
    private static long number(String text) {
        try {
            long value = Long.parseLong(text.strip());
            return value < 0 || value > 0xFFFF_FFFFL ? 0 : value;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
