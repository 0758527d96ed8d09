package io.berth.filters;

import java.util.List;

import io.berth.api.errors.BerthException;
import io.berth.filters.internal.Parser;

/**
 * Parses containerd's filter language.
 *
 * <pre>
 * filter    := "" | selector ("," selector)*
 * selector  := fieldpath [operator value]
 * fieldpath := field ("." field)*
 * field     := [A-Za-z0-9_-]+ | "double-quoted"
 * operator  := "==" | "!=" | "~="
 * value     := quoted | unquoted
 * quoted    := "..."            any operator
 *            | /.../ | |...|     "~=" only, so a regular expression can hold '"'
 * </pre>
 *
 * <ul>
 * <li>All selectors of one filter must match. The empty filter matches everything.</li>
 * <li>A bare field path tests that the field is present; {@code ==} that it is present and equal;
 *     {@code !=} and {@code ~=} read an absent field as the empty string, as containerd does.</li>
 * <li>{@code ~=} is a regular expression that must be found somewhere in the value (not anchored).</li>
 * <li>An unquoted value runs to the next ',' or space; it cannot start with {@code . , = ! ~ " / |}.</li>
 * <li>Quoted text takes Go's escapes: {@code \a \b \f \n \r \t \v \\}, the closing quote,
 *     {@code \NNN} (octal byte), {@code \xHH} (byte), <code>&#92;uHHHH</code>, {@code \UHHHHHHHH};
 *     byte escapes must spell UTF-8.</li>
 * <li>Spaces between tokens are ignored.</li>
 * </ul>
 */
public final class Filters {
    private Filters() {
    }

    /**
     * Parses one filter.
     *
     * @throws BerthException of kind INVALID_ARGUMENT, saying what is wrong and at which position
     *         (counted in characters from 0), such as {@code filter "name==": expected value at position 6}
     */
    public static Filter parse(String filter) {
        return Parser.parse(filter);
    }

    /**
     * Parses filters of which any one must match, as a List request's repeated {@code filters} field.
     * An empty list matches everything.
     *
     * @throws BerthException of kind INVALID_ARGUMENT for the first filter that does not parse
     */
    public static Filter parseAll(List<String> filters) {
        return Parser.parseAll(filters);
    }
}
