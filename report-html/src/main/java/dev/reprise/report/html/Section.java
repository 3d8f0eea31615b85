package dev.reprise.report.html;

import java.util.List;

/** A titled part of the page, listed in its table of contents. */
public record Section(String id, String title, List<Block> blocks) {
    public Section {
        blocks = List.copyOf(blocks);
    }

    public static Section of(String id, String title, Block... blocks) {
        return new Section(id, title, List.of(blocks));
    }
}
