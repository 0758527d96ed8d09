package io.berth.filters.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.berth.filters.Filter;
import io.berth.filters.internal.Token.Kind;

/** Recursive descent over the scanner's tokens, one token of lookahead; the grammar is on {@code Filters}. */
public final class Parser {
    private final String input;
    private final Scanner scanner;
    private Token lookahead;

    private Parser(String input) {
        this.input = input;
        this.scanner = new Scanner(input);
    }

    public static Filter parse(String filter) {
        Objects.requireNonNull(filter, "filter");
        if (filter.isEmpty()) {
            return Always.INSTANCE;
        }
        return new Parser(filter).selectors();
    }

    public static Filter parseAll(List<String> filters) {
        List<Filter> parsed = new ArrayList<>(filters.size());
        for (String filter : filters) {
            Filter f = parse(filter);
            if (f == Always.INSTANCE) {
                return f;
            }
            parsed.add(f);
        }
        return switch (parsed.size()) {
            case 0 -> Always.INSTANCE;
            case 1 -> parsed.getFirst();
            default -> new AnyOf(List.copyOf(parsed));
        };
    }

    private Filter selectors() {
        List<Filter> selectors = new ArrayList<>();
        selectors.add(selector());
        while (lookahead.kind() != Kind.EOF) {
            if (lookahead.kind() != Kind.COMMA) {
                throw SyntaxErrors.at(input, lookahead.start(), "expected \",\"");
            }
            selectors.add(selector());
        }
        return selectors.size() == 1 ? selectors.getFirst() : new AllOf(List.copyOf(selectors));
    }

    /** Reads one selector and leaves the token after it in {@link #lookahead}. */
    private Filter selector() {
        List<String> fieldpath = fieldpath();
        if (lookahead.kind() == Kind.COMMA || lookahead.kind() == Kind.EOF) {
            return new Present(fieldpath);
        }
        Token operator = lookahead;
        if (operator.kind() != Kind.OPERATOR) {
            throw SyntaxErrors.at(input, operator.start(), "expected operator \"==\", \"!=\" or \"~=\"");
        }
        Filter selector = switch (operator.text()) {
            case "==" -> new Equal(fieldpath, value(scanner.nextValue(), false));
            case "!=" -> new NotEqual(fieldpath, value(scanner.nextValue(), false));
            case "~=" -> regex(fieldpath);
            default -> throw SyntaxErrors.at(input, operator.start(), "unsupported operator \"%s\"", operator.text());
        };
        lookahead = scanner.next();
        return selector;
    }

    private List<String> fieldpath() {
        List<String> fieldpath = new ArrayList<>();
        fieldpath.add(field());
        lookahead = scanner.next();
        while (lookahead.kind() == Kind.DOT) {
            fieldpath.add(field());
            lookahead = scanner.next();
        }
        return List.copyOf(fieldpath);
    }

    private String field() {
        Token token = scanner.next();
        return switch (token.kind()) {
            case FIELD -> token.text();
            case QUOTED -> unquote(token, false);
            default -> throw SyntaxErrors.at(input, token.start(), "expected field");
        };
    }

    private Filter regex(List<String> fieldpath) {
        Token token = scanner.nextValue();
        String expression = value(token, true);
        try {
            return new Matches(fieldpath, Pattern.compile(expression));
        } catch (PatternSyntaxException e) {
            throw SyntaxErrors.at(input, token.start(), "invalid regular expression \"%s\": %s",
                    expression, e.getDescription());
        }
    }

    private String value(Token token, boolean regex) {
        return switch (token.kind()) {
            case VALUE -> token.text();
            case QUOTED -> unquote(token, regex);
            default -> throw SyntaxErrors.at(input, token.start(), "expected value");
        };
    }

    /** Only a regular expression may be quoted with / or |, so that it can hold '"' unescaped. */
    private String unquote(Token token, boolean regex) {
        char quote = token.text().charAt(0);
        if (quote != '"' && !regex) {
            throw SyntaxErrors.at(input, token.start(), "only \"~=\" values may be quoted with '%c'", quote);
        }
        return Quoted.decode(input, token.start(), token.end());
    }
}
