package dev.reprise.report.html;

import java.util.ArrayList;
import java.util.List;

/**
 * A table whose columns sort on a click. Cells are raw values (numbers stay numbers, so sorting is
 * numeric and the page formats them by the column's unit); null is shown as a dash.
 */
public record Table(String id, String title, List<Column> columns, List<List<Object>> rows) implements Block {
    public Table {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("table " + id + ": a row has " + row.size() + " cells for "
                        + columns.size() + " columns");
            }
            copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = List.copyOf(copy);
    }

    public record Column(String label, Unit unit) {
    }

    @Override
    public String type() {
        return "table";
    }
}
