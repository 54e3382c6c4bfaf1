package dev.baton.bench.report;

import dev.baton.bench.BenchSummary;
import java.util.Locale;

/**
 * The figures of one variant's run that a report shows, derived from its {@link BenchSummary}.
 *
 * @param label the variant ({@code --label} of its run)
 * @param workload the workload it ran
 * @param summary the whole summary, for figures not derived here
 */
public record ReportRow(String label, String workload, BenchSummary summary) {

  /** A row for one summary. */
  public static ReportRow of(BenchSummary summary) {
    return new ReportRow(summary.label(), summary.workload(), summary);
  }

  /**
   * What the row is compared within: runs of the same workload under the same load, e.g.
   * {@code shared-prefix, open loop at 16 req/s} or {@code random, closed loop with 256 in flight}.
   */
  public String group() {
    if (summary.qps() != null) {
      return String.format(Locale.ROOT, "%s, open loop at %s req/s", workload, Numbers.format(summary.qps()));
    }
    if (summary.concurrency() != null) {
      return workload + ", closed loop with " + summary.concurrency() + " in flight";
    }
    return workload;
  }

  /**
   * Streamed content events per second: each successful stream's first content chunk plus every
   * gap after it (the ITL samples), over the measured window. Equal to output tokens per second
   * when every chunk carries one token.
   */
  public double eventsPerS() {
    if (summary.durationS() <= 0) {
      return 0;
    }
    return (summary.ttftMs().count() + summary.itlMs().count()) / summary.durationS();
  }

  /**
   * The share of prompt tokens the workers reported as prefix-cache hits, or {@code NaN} when the
   * server reported no prompt tokens (so a report can leave the cell empty rather than show 0).
   */
  public double prefixHitRate() {
    if (summary.promptTokens() <= 0) {
      return Double.NaN;
    }
    return (double) summary.cachedPromptTokens() / summary.promptTokens();
  }
}
