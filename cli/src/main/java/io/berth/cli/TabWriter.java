package io.berth.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells into columns exactly as Go's text/tabwriter does, which is how ctr lays
 * out its tables: a column is as wide as its widest cell plus the padding, columns are computed per
 * block of consecutive lines that have that column, the text after a line's last tab is not part of
 * any column, and a line without tabs ends every block. Cells are padded with spaces, or with tabs
 * to the next multiple of the tab width as some of ctr's tables are.
 */
public final class TabWriter {
    private final PrintWriter out;
    private final int minWidth;
    private final int padding;
    private final int tabWidth;
    private final List<String[]> lines = new ArrayList<>();

    /** Pads with spaces. */
    public TabWriter(PrintWriter out, int minWidth, int padding) {
        this(out, minWidth, padding, 0);
    }

    private TabWriter(PrintWriter out, int minWidth, int padding, int tabWidth) {
        this.out = out;
        this.minWidth = minWidth;
        this.padding = padding;
        this.tabWidth = tabWidth;
    }

    /** Pads with tabs, each cell to the next multiple of {@code tabWidth} past its column's width. */
    public static TabWriter padWithTabs(PrintWriter out, int minWidth, int tabWidth, int padding) {
        return new TabWriter(out, minWidth, padding, tabWidth);
    }

    /** Adds one line, its cells separated by tabs. */
    public void println(String line) {
        String[] cells = line.split("\t", -1);
        lines.add(cells);
        if (cells.length == 1) {
            flush();
        }
    }

    public void flush() {
        format(0, lines.size(), new ArrayList<>());
        lines.clear();
        out.flush();
    }

    private void format(int line0, int line1, List<Integer> widths) {
        int column = widths.size();
        for (int current = line0; current < line1; current++) {
            if (!hasColumn(current, column)) {
                continue;
            }
            writeLines(line0, current, widths);
            line0 = current;
            int width = minWidth;
            for (; current < line1 && hasColumn(current, column); current++) {
                width = Math.max(width, textWidth(lines.get(current)[column]) + padding);
            }
            widths.add(width);
            format(line0, current, widths);
            widths.removeLast();
            line0 = current;
        }
        writeLines(line0, line1, widths);
    }

    /** The last cell of a line holds the text after its last tab, which belongs to no column. */
    private boolean hasColumn(int line, int column) {
        return column < lines.get(line).length - 1;
    }

    private void writeLines(int line0, int line1, List<Integer> widths) {
        for (int i = line0; i < line1; i++) {
            String[] cells = lines.get(i);
            StringBuilder text = new StringBuilder();
            for (int j = 0; j < cells.length; j++) {
                text.append(cells[j]);
                if (j < widths.size()) {
                    pad(text, textWidth(cells[j]), widths.get(j));
                }
            }
            out.println(text);
        }
    }

    private void pad(StringBuilder text, int textWidth, int cellWidth) {
        if (tabWidth == 0) {
            text.repeat(' ', cellWidth - textWidth);
            return;
        }
        int roundedWidth = (cellWidth + tabWidth - 1) / tabWidth * tabWidth;
        text.repeat('\t', (roundedWidth - textWidth + tabWidth - 1) / tabWidth);
    }

    /** Width in characters as Go counts them: one per code point. */
    private static int textWidth(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
