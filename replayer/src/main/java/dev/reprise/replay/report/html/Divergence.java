package dev.reprise.replay.report.html;

import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReplayReport.DivergenceKind;
import dev.reprise.report.html.Block;
import dev.reprise.report.html.Facts;
import dev.reprise.report.html.Facts.Fact;
import dev.reprise.report.html.Format;
import dev.reprise.report.html.Note;
import dev.reprise.report.html.Table;
import dev.reprise.report.html.Table.Column;
import dev.reprise.report.html.Unit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The status divergence section: production's status down the side, staging's across, and examples. */
final class Divergence {
    private Divergence() {
    }

    static List<Block> blocks(ReplayReport.Divergence d) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Facts(List.of(new Fact("compared", Format.of(Unit.COUNT, d.compared()), "info"),
                new Fact("divergent", Format.of(Unit.COUNT, d.divergent()), d.divergent() > 0 ? "bad" : "good"),
                new Fact("share", Format.of(Unit.SHARE, d.share()), d.divergent() > 0 ? "bad" : "good"))));
        if (d.kinds().isEmpty()) {
            blocks.add(new Note(d.compared() == 0 ? "No request had a recorded status to compare with."
                    : "Every compared request got the status production gave it.", d.compared() == 0 ? "info" : "good"));
            return blocks;
        }
        Set<Integer> recorded = new TreeSet<>();
        Set<String> actual = new LinkedHashSet<>();
        d.kinds().forEach(k -> {
            recorded.add(k.recorded());
            actual.add(k.actual());
        });
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("production \\ staging", Unit.TEXT));
        actual.forEach(a -> columns.add(new Column(a, Unit.COUNT)));
        List<List<Object>> rows = new ArrayList<>();
        for (int rec : recorded) {
            List<Object> row = new ArrayList<>();
            row.add(String.valueOf(rec));
            for (String a : actual) {
                row.add(d.kinds().stream().filter(k -> k.recorded() == rec && k.actual().equals(a))
                        .mapToLong(DivergenceKind::count).boxed().findFirst().orElse(null));
            }
            rows.add(row);
        }
        blocks.add(new Table("divergence-matrix", "Divergent requests: production's status × staging's", columns, rows));
        List<List<Object>> examples = new ArrayList<>();
        for (DivergenceKind k : d.kinds()) {
            examples.add(Arrays.asList(k.kind(), k.count(), k.share(), String.join("  ", k.examples())));
        }
        blocks.add(new Table("divergence-examples", "Kinds, with example requests",
                List.of(new Column("kind", Unit.TEXT), new Column("requests", Unit.COUNT), new Column("share", Unit.SHARE),
                        new Column("examples", Unit.TEXT)), examples));
        if (d.kindsMerged()) {
            blocks.add(Note.info("More kinds were seen than tracked; the rest are counted as other."));
        }
        return blocks;
    }
}
