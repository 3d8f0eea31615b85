package dev.reprise.report.html;

import java.util.List;

/** Labelled values shown as tiles: the verdict, the run's controls. */
public record Facts(List<Fact> facts) implements Block {
    public Facts {
        facts = List.copyOf(facts);
    }

    /**
     * @param value shown as given, already formatted
     * @param tone  {@code good}, {@code bad} or {@code info}: how the tile is coloured
     */
    public record Fact(String label, String value, String tone) {
    }

    @Override
    public String type() {
        return "facts";
    }
}
