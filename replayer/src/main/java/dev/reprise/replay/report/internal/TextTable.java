package dev.reprise.replay.report.internal;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table, two spaces between columns: text left-aligned, figures right-aligned. */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;
    private final boolean[] left;

    public TextTable(String... headers) {
        this.columns = headers.length;
        this.left = new boolean[columns];
        left[0] = true;
        rows.add(headers);
    }

    /** Left-aligns a column of text; the first column always is. */
    public TextTable leftAligned(int column) {
        left[column] = true;
        return this;
    }

    public TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
        }
        rows.add(cells);
        return this;
    }

    public boolean isEmpty() {
        return rows.size() == 1;
    }

    public String render(String indent) {
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String cell = row[c];
                String pad = " ".repeat(width[c] - cell.length());
                line.append(left[c] ? cell + pad : pad + cell);
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
