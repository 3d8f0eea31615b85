package dev.reprise.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of cells in aligned columns, two spaces apart, every line after the indent: the first
 * column left-aligned, the rest right-aligned (figures) unless marked left (text). A table whose
 * column names are its first {@link #row} keeps them over the columns; a {@link #heading} starts at
 * the margin instead, the table's title above its indented names.
 */
public final class TextTable {
    private final String indent;
    private final boolean[] left;
    private final List<String[]> rows = new ArrayList<>();
    private boolean heading;

    /** {@code leftColumns} lists the columns to left-align besides the first. */
    public TextTable(String indent, int columns, int... leftColumns) {
        this.indent = indent;
        this.left = new boolean[columns];
        left[0] = true;
        for (int c : leftColumns) {
            left[c] = true;
        }
    }

    /** Makes the first row a heading: its first cell starts at the margin, above the indented names. */
    public TextTable heading(String... cells) {
        rows.add(0, checked(cells));
        heading = true;
        return this;
    }

    public TextTable row(String... cells) {
        rows.add(checked(cells));
        return this;
    }

    private String[] checked(String[] cells) {
        if (cells.length != left.length) {
            throw new IllegalArgumentException("expected " + left.length + " cells, got " + cells.length);
        }
        return cells;
    }

    /** The table, one line a row, each ending with a newline. */
    public String render() {
        int[] width = new int[left.length];
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            for (int c = 0; c < r.length; c++) {
                int shift = heading && i == 0 && c == 0 ? indent.length() : 0;
                width[c] = Math.max(width[c], length(r[c]) - shift);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            boolean head = heading && i == 0;
            StringBuilder b = new StringBuilder(head ? "" : indent);
            for (int c = 0; c < r.length; c++) {
                if (c > 0) {
                    b.append("  ");
                }
                String pad = " ".repeat(Math.max(0, width[c] - length(r[c]) + (head && c == 0 ? indent.length() : 0)));
                b.append(left[c] ? r[c] + pad : pad + r[c]);
            }
            out.append(b.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    public void print(PrintWriter out) {
        render().lines().forEach(out::println);
    }

    private static int length(String cell) {
        return cell.codePointCount(0, cell.length());
    }

    /** A bar of Unicode blocks, {@code share} of {@code width} characters long, in eighths. */
    public static String bar(double share, int width) {
        if (!(share > 0)) {
            return "";
        }
        int eighths = (int) Math.round(Math.min(1, share) * width * 8);
        if (eighths == 0) {
            return "▏";
        }
        String partial = " ▏▎▍▌▋▊▉";
        return "█".repeat(eighths / 8) + (eighths % 8 == 0 ? "" : String.valueOf(partial.charAt(eighths % 8)));
    }
}
