package dev.baton.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code baton bench-report}: turns the JSON summaries of a benchmark's variants (written by
 * {@code baton bench --out}) into a Markdown report with SVG bar charts. Exit status 0 when a report
 * was written, 1 when the folder held no summary or could not be read or written, 2 for bad
 * arguments.
 */
@Command(
    name = "bench-report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Write a Markdown report (a table per workload and load, an optional comparison with a baseline"
            + " variant, SVG bar charts next to it) from the JSON summaries of 'baton bench --out'"
            + " found directly in --in, taken in file-name order.")
public final class ReportCommand implements Callable<Integer> {

  @Option(names = "--in", paramLabel = "DIR", required = true,
      description = "Folder holding the variants' JSON summaries (other JSON files are skipped).")
  Path in;

  @Option(names = "--out", paramLabel = "FILE",
      description = "The Markdown file to write (default: DIR/report.md); charts go beside it.")
  Path out;

  @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Benchmark",
      description = "The report's heading (default: ${DEFAULT-VALUE}).")
  String title;

  @Option(names = "--baseline", paramLabel = "LABEL",
      description = "Compare every variant with the one of this label (added TTFT, ratios).")
  String baseline;

  @Option(names = "--chart", paramLabel = "METRIC", split = ",",
      description = "Metrics to chart, one SVG each (default: ttft-p90,requests-per-s). One of"
          + " ttft-p50, ttft-p90, ttft-p99, itl-p50, itl-p99, e2e-p50, requests-per-s,"
          + " output-tokens-per-s, events-per-s, prefix-hit-rate.")
  List<String> charts = List.of("ttft-p90", "requests-per-s");

  @Option(names = "--notes", paramLabel = "FILE",
      description = "Markdown put under the heading as is (setup, machine, commands).")
  Path notes;

  @Override
  public Integer call() {
    List<ChartMetric> metrics;
    try {
      metrics = charts.stream().map(ChartMetric::parse).distinct().toList();
    } catch (IllegalArgumentException e) {
      System.err.println("baton bench-report: " + e.getMessage());
      return 2;
    }
    Path report = out != null ? out : in.resolve("report.md");
    try {
      String notesText = notes == null ? "" : Files.readString(notes);
      SummaryFiles.Found found = write(in, report, title, notesText, baseline, metrics);
      if (found.rows().isEmpty()) {
        System.err.println("baton bench-report: no bench summary (*.json) in " + in);
        return 1;
      }
      System.err.println("baton bench-report: " + found.rows().size() + " variants -> " + report
          + (found.skipped().isEmpty() ? "" : " (skipped " + String.join(", ", found.skipped()) + ")"));
      return 0;
    } catch (IOException e) {
      System.err.println("baton bench-report: " + e);
      return 1;
    }
  }

  /**
   * Writes {@code report} and its charts from the summaries in {@code in} ({@code baton replay
   * --out} writes its report with this too); writes nothing when there are none.
   *
   * @param baseline the label others are compared with, or null
   * @return the summaries found and the files skipped
   */
  public static SummaryFiles.Found write(Path in, Path report, String title, String notes,
      String baseline, List<ChartMetric> metrics) throws IOException {
    SummaryFiles.Found found = SummaryFiles.read(in);
    if (found.rows().isEmpty()) {
      return found;
    }
    Path folder = report.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    String stem = stem(report.getFileName().toString());
    List<MarkdownReport.ChartLink> links = new ArrayList<>();
    for (ChartMetric metric : metrics) {
      String file = stem + "-" + metric.cliName() + ".svg";
      Files.writeString(folder.resolve(file), SvgBarChart.render(title, metric, found.rows()));
      links.add(new MarkdownReport.ChartLink(metric, file));
    }
    Files.writeString(report,
        MarkdownReport.render(title, notes, found.rows(), Optional.ofNullable(baseline), links));
    return found;
  }

  private static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }
}
