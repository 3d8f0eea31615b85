/**
 * The report of a replay and the ways it is shown: {@link dev.reprise.replay.report.ReplayReport}
 * (the model, written as JSON by {@link dev.reprise.replay.report.ReportJson}), the end-of-run
 * {@link dev.reprise.replay.report.ConsoleSummary}, the running
 * {@link dev.reprise.replay.report.ProgressLine}, the {@code --fail-if}
 * {@link dev.reprise.replay.report.Thresholds}, and the command line's {@link dev.reprise.replay.cli.ReportOptions},
 * the picocli mixin that holds the results options of {@code replay}. Field names and units of the
 * JSON report are documented in {@code docs/report.md}.
 */
package dev.reprise.replay.report;
