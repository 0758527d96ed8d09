package io.berth.shell;

import java.util.ArrayList;
import java.util.List;

/** Rows of cells in left-aligned columns four spaces apart, the way the berth:* listings print. */
final class TextTable {
    private static final int GAP = 4;

    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... headings) {
        rows.add(headings);
    }

    TextTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    String render() {
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(row[i]);
                if (i < row.length - 1) {
                    out.append(" ".repeat(widths[i] - row[i].length() + GAP));
                }
            }
            out.append('\n');
        }
        return out.toString().stripTrailing();
    }
}
