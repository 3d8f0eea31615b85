package dev.reprise.report.html;

/** A paragraph of plain text; {@code tone} is {@code info}, {@code good} or {@code bad}. */
public record Note(String text, String tone) implements Block {
    public static Note info(String text) {
        return new Note(text, "info");
    }

    @Override
    public String type() {
        return "note";
    }
}
