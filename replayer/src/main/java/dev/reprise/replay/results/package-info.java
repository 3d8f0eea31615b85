/**
 * What each replayed exchange measured, gathered while the replay runs.
 *
 * <p>The engine hands every {@link dev.reprise.replay.results.ExchangeResult} to a
 * {@link dev.reprise.replay.results.ResultListener}; {@link dev.reprise.replay.results.ResultCollector}
 * is the one that turns them into histograms and, at the end, a
 * {@link dev.reprise.replay.report.ReplayReport}:
 *
 * <pre>{@code
 * ResultCollector results = new ResultCollector(reportOptions.collectorOptions());
 * results.start();                                      // before the first request
 * ProgressLine progress = ProgressLine.start(engineGauges, results, err); // the command line's writers
 * ... engine calls results.onResult(r) from its event loops ...
 * progress.close();
 * results.finish();                                     // after the last response, or on Ctrl-C
 * ReplayReport report = results.report(runInfo, reportOptions.thresholds());
 * ConsoleSummary.print(report, out);
 * reportOptions.writeReport(report);
 * return report.anyThresholdCrossed() ? ExitCode.THRESHOLD.code() : 0;
 * }</pre>
 *
 * <p>Implementation details live in {@code results.internal}; nothing outside this package should use them.
 */
package dev.reprise.replay.results;
