package dev.baton.bench.cli;

import dev.baton.bench.BenchSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a finished run's summary goes: the JSON to {@code --out} and/or stdout ({@code --json}),
 * and always one human line (plus the first error of each kind) to stderr.
 *
 * @param out the JSON file, or null
 * @param json whether to print the JSON on stdout
 */
public record SummaryOutput(Path out, boolean json) {

  /** Writes the summary where this says, and the human line to {@code err}. */
  public void write(BenchSummary summary, PrintWriter stdout, PrintWriter err) throws IOException {
    String text = summary.toJson();
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, text + System.lineSeparator());
    }
    if (json) {
      stdout.println(text);
      stdout.flush();
    }
    err.println(summary.humanLine());
    summary.errorSamples()
        .forEach((kind, sample) -> err.println("  first " + kind + ": " + sample));
    err.flush();
  }
}
