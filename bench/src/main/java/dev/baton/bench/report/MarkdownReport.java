package dev.baton.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Markdown report of one benchmark: a table of every variant per workload, an optional
 * comparison against a baseline variant measured in the same run, and links to the charts.
 */
public final class MarkdownReport {

  /** A chart file written next to the report, linked by its relative file name. */
  public record ChartLink(ChartMetric metric, String fileName) {}

  private MarkdownReport() {}

  /**
   * Renders the report.
   *
   * @param title the heading
   * @param notes Markdown put under the heading as is (setup, machine, commands); may be empty
   * @param rows the variants in the order to show them
   * @param baseline the label of the variant others are compared with, if any
   * @param charts the charts to link
   */
  public static String render(
      String title, String notes, List<ReportRow> rows, Optional<String> baseline, List<ChartLink> charts) {
    StringBuilder md = new StringBuilder(4096);
    md.append("# ").append(title.strip()).append("\n\n");
    if (!notes.isBlank()) {
      md.append(notes.strip()).append("\n\n");
    }
    Map<String, List<ReportRow>> groups = byGroup(rows);
    for (Map.Entry<String, List<ReportRow>> group : groups.entrySet()) {
      md.append("## ").append(group.getKey()).append("\n\n");
      appendTable(md, group.getValue());
      baseline.ifPresent(label -> appendComparison(md, label, group.getValue()));
    }
    if (!charts.isEmpty()) {
      md.append("## Charts\n\n");
      for (ChartLink chart : charts) {
        md.append("![").append(chart.metric().title()).append("](").append(chart.fileName()).append(")\n\n");
      }
    }
    md.append("Latencies in ms from successful requests; `events/s` counts streamed content chunks;"
        + " `hit rate` is cached / prompt tokens as the workers reported them in usage;"
        + " `send lag p99` near zero means the load generator kept its schedule.\n");
    return md.toString();
  }

  private static Map<String, List<ReportRow>> byGroup(List<ReportRow> rows) {
    Map<String, List<ReportRow>> groups = new LinkedHashMap<>();
    for (ReportRow row : rows) {
      groups.computeIfAbsent(row.group(), w -> new ArrayList<>()).add(row);
    }
    return groups;
  }

  private static void appendTable(StringBuilder md, List<ReportRow> rows) {
    boolean hitRates = rows.stream().anyMatch(r -> !Double.isNaN(r.prefixHitRate()));
    md.append("| variant | requests/s | output tokens/s | events/s | TTFT p50 | TTFT p90 | TTFT p99"
        + " | ITL p50 | ITL p99 | errors |");
    md.append(hitRates ? " hit rate |" : "").append(" send lag p99 |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    md.append(hitRates ? "---:|" : "").append("---:|\n");
    for (ReportRow row : rows) {
      var s = row.summary();
      md.append("| ").append(cell(row.label()))
          .append(" | ").append(Numbers.format(s.requestsPerS()))
          .append(" | ").append(Numbers.format(s.outputTokensPerS()))
          .append(" | ").append(Numbers.format(row.eventsPerS()))
          .append(" | ").append(Numbers.format(s.ttftMs().p50()))
          .append(" | ").append(Numbers.format(s.ttftMs().p90()))
          .append(" | ").append(Numbers.format(s.ttftMs().p99()))
          .append(" | ").append(Numbers.format(s.itlMs().p50()))
          .append(" | ").append(Numbers.format(s.itlMs().p99()))
          .append(" | ").append(s.errors()).append(" / ").append(s.requests());
      if (hitRates) {
        md.append(" | ").append(Numbers.percent(row.prefixHitRate()));
      }
      md.append(" | ").append(Numbers.format(s.sendLagMs().p99())).append(" |\n");
    }
    md.append('\n');
  }

  private static void appendComparison(StringBuilder md, String baselineLabel, List<ReportRow> rows) {
    Optional<ReportRow> found = rows.stream().filter(r -> r.label().equals(baselineLabel)).findFirst();
    if (found.isEmpty() || rows.size() < 2) {
      return;
    }
    var base = found.get().summary();
    md.append("Compared with `").append(cell(baselineLabel)).append("` (same run, same machine):\n\n");
    md.append("| variant | added TTFT p50 | added TTFT p99 | TTFT p90 improvement | requests/s ratio"
        + " | events/s ratio |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    for (ReportRow row : rows) {
      if (row == found.get()) {
        continue;
      }
      var s = row.summary();
      md.append("| ").append(cell(row.label()))
          .append(" | ").append(Numbers.format(s.ttftMs().p50() - base.ttftMs().p50()))
          .append(" | ").append(Numbers.format(s.ttftMs().p99() - base.ttftMs().p99()))
          .append(" | ").append(Numbers.ratio(base.ttftMs().p90(), s.ttftMs().p90()))
          .append(" | ").append(Numbers.ratio(s.requestsPerS(), base.requestsPerS()))
          .append(" | ").append(Numbers.ratio(row.eventsPerS(), found.get().eventsPerS()))
          .append(" |\n");
    }
    md.append("\n`added` is the variant's percentile minus the baseline's (ms); `improvement` is the"
        + " baseline's TTFT p90 over the variant's (above 1x: faster); ratios above 1x: more"
        + " throughput than the baseline.\n\n");
  }

  /** Keeps a label from breaking the table. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
