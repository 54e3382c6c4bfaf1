package dev.baton.bench.report;

import dev.baton.bench.BenchSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the variants' JSON summaries from a results folder. Files are taken in name order, so a
 * script that names them {@code 1-direct.json}, {@code 2-baton.json} fixes the report's row order.
 */
public final class SummaryFiles {

  /**
   * What a folder held: the summaries in file-name order, and the JSON files that were not bench
   * summaries (other data a script kept there), by file name.
   */
  public record Found(List<ReportRow> rows, List<String> skipped) {}

  private SummaryFiles() {}

  /** Reads every {@code *.json} directly in {@code dir} (not in subfolders). */
  public static Found read(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing
          .filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted()
          .toList();
    }
    List<ReportRow> rows = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path file : files) {
      BenchSummary summary;
      try {
        summary = BenchSummary.fromJson(Files.readString(file));
      } catch (IllegalArgumentException notJsonOfThatShape) {
        summary = null;
      }
      if (isComplete(summary)) {
        rows.add(ReportRow.of(summary));
      } else {
        skipped.add(file.getFileName().toString());
      }
    }
    return new Found(List.copyOf(rows), List.copyOf(skipped));
  }

  // The summary reader tolerates unknown fields (newer writers), so other JSON can parse too:
  // a summary is what has the fields a report shows.
  private static boolean isComplete(BenchSummary s) {
    return s != null && s.label() != null && s.workload() != null && s.ttftMs() != null
        && s.itlMs() != null && s.e2eMs() != null && s.sendLagMs() != null;
  }
}
