package dev.reprise.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows of cells printed in aligned columns: the first column left-aligned, the rest right-aligned unless marked. */
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
        heading = true;
        rows.add(0, cells);
        return this;
    }

    public TextTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    public void print(PrintWriter out) {
        int[] width = new int[left.length];
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            for (int c = 0; c < r.length; c++) {
                int shift = heading && i == 0 && c == 0 ? indent.length() : 0;
                width[c] = Math.max(width[c], r[c].codePointCount(0, r[c].length()) - shift);
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            boolean head = heading && i == 0;
            StringBuilder b = new StringBuilder(head ? "" : indent);
            for (int c = 0; c < r.length; c++) {
                if (c > 0) {
                    b.append("  ");
                }
                int pad = Math.max(0, width[c] - r[c].codePointCount(0, r[c].length())
                        + (head && c == 0 ? indent.length() : 0));
                boolean last = c == r.length - 1;
                if (left[c]) {
                    b.append(r[c]);
                    if (!last) {
                        b.append(" ".repeat(pad));
                    }
                } else {
                    b.append(" ".repeat(pad)).append(r[c]);
                }
            }
            out.println(b.toString().stripTrailing());
        }
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
