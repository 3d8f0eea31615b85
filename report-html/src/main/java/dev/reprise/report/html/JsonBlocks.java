package dev.reprise.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.report.html.Facts.Fact;
import dev.reprise.report.html.Table.Column;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Blocks for a part of a report the page has no dedicated drawing for: its scalar fields as facts
 * (nested objects flattened into dotted labels), each array of objects as a sortable table. A
 * section someone adds to a report therefore shows up on the page without new code. Units are
 * read off field names, as the report's naming rule spells them ({@code …Micros}, {@code …Share}).
 */
public final class JsonBlocks {
    private static final int MAX_DEPTH = 4;

    private JsonBlocks() {
    }

    public static List<Block> of(String id, JsonNode node) {
        List<Fact> facts = new ArrayList<>();
        List<Block> tables = new ArrayList<>();
        collect(id, "", node, 0, facts, tables);
        List<Block> blocks = new ArrayList<>();
        if (!facts.isEmpty()) {
            blocks.add(new Facts(facts));
        }
        blocks.addAll(tables);
        if (blocks.isEmpty()) {
            blocks.add(Note.info("Empty in this report."));
        }
        return blocks;
    }

    private static void collect(String id, String prefix, JsonNode node, int depth, List<Fact> facts, List<Block> tables) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                String label = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
                if (depth >= MAX_DEPTH && (f.getValue().isContainerNode())) {
                    facts.add(new Fact(label, f.getValue().toString(), "info"));
                } else {
                    collect(id, label, f.getValue(), depth + 1, facts, tables);
                }
            }
        } else if (node.isArray()) {
            if (node.size() > 0 && node.get(0).isObject()) {
                tables.add(table(id + "-" + tables.size(), prefix, node));
            } else {
                List<String> items = new ArrayList<>();
                node.forEach(n -> items.add(n.isValueNode() ? n.asText() : n.toString()));
                facts.add(new Fact(prefix, String.join(", ", items), "info"));
            }
        } else {
            facts.add(new Fact(prefix, text(prefix, node), "info"));
        }
    }

    private static Table table(String id, String title, JsonNode rows) {
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(r -> r.properties().forEach(f -> {
            if (f.getValue().isValueNode()) {
                keys.add(f.getKey());
            }
        }));
        List<Column> columns = new ArrayList<>();
        for (String k : keys) {
            columns.add(new Column(k, unitOf(k, rows.get(0).get(k))));
        }
        List<List<Object>> out = new ArrayList<>();
        for (JsonNode r : rows) {
            List<Object> row = new ArrayList<>();
            for (String k : keys) {
                JsonNode v = r.get(k);
                row.add(v == null || v.isNull() ? null : v.isNumber() ? (Object) v.numberValue() : v.asText());
            }
            out.add(row);
        }
        return new Table(id, title, columns, out);
    }

    /** The unit a field's name promises. */
    public static Unit unitOf(String name, JsonNode sample) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (sample != null && !sample.isNumber()) {
            return Unit.TEXT;
        }
        if (n.endsWith("micros")) {
            return Unit.MICROS;
        }
        if (n.endsWith("share") || n.endsWith("rate") || n.endsWith("fraction")) {
            return Unit.SHARE;
        }
        if (n.endsWith("persecond")) {
            return Unit.RATE;
        }
        if (n.endsWith("bytes")) {
            return Unit.BYTES;
        }
        if (n.endsWith("seconds")) {
            return Unit.SECONDS;
        }
        if (n.endsWith("ratio")) {
            return Unit.RATIO;
        }
        return sample == null || sample.isIntegralNumber() ? Unit.COUNT : Unit.NUMBER;
    }

    private static String text(String label, JsonNode v) {
        if (!v.isNumber()) {
            return v.asText();
        }
        return Format.of(unitOf(label, v), v.asDouble());
    }
}
