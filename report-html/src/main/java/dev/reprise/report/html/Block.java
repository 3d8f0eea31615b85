package dev.reprise.report.html;

/**
 * One thing a section shows. The page's script draws each kind from its JSON form, so a new
 * section is made of these blocks and needs no new script.
 */
public sealed interface Block permits Chart, Table, Facts, Note {
    /** The block's kind as the page's script knows it. */
    @com.fasterxml.jackson.annotation.JsonProperty("type")
    String type();
}
