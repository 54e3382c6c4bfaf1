package dev.baton.bench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code baton bench-flame}: a JFR recording's execution samples as a flame graph (SVG) and, if
 * asked, as collapsed stacks (text). Exit status 0 when written, 1 when the recording could not be
 * read or held no sample, 2 for bad arguments.
 */
@Command(
    name = "bench-flame",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Write a flame graph (SVG) of the execution samples (jdk.ExecutionSample) in a JFR"
        + " recording, e.g. one taken with -XX:StartFlightRecording:settings=profile.")
public final class FlameCommand implements Callable<Integer> {

  @Option(names = "--jfr", paramLabel = "FILE", required = true, description = "The JFR recording.")
  Path jfr;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "The SVG to write.")
  Path out;

  @Option(names = "--collapsed", paramLabel = "FILE",
      description = "Also write the collapsed stacks (one 'frame;frame;frame count' line per stack).")
  Path collapsed;

  @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Execution samples",
      description = "The graph's heading (default: ${DEFAULT-VALUE}).")
  String title;

  @Option(names = "--threads", paramLabel = "PREFIX",
      description = "Only threads whose name starts with this, e.g. vert.x-eventloop (default: all).")
  String threads;

  @Option(names = "--min-percent", paramLabel = "P", defaultValue = "0.5",
      description = "Leave out frames with less than P%% of the samples, to keep the file small"
          + " (default: ${DEFAULT-VALUE}).")
  double minPercent;

  @Override
  public Integer call() {
    if (minPercent < 0 || minPercent >= 100) {
      System.err.println("bench-flame: --min-percent must be at least 0 and below 100");
      return 2;
    }
    try {
      CollapsedStacks stacks = CollapsedStacks.read(jfr, threads);
      if (stacks.total() == 0) {
        System.err.println("bench-flame: " + jfr + " holds no execution sample"
            + (threads == null ? "" : " of threads named " + threads + "*"));
        return 1;
      }
      Files.writeString(out, FlameSvg.render(title, stacks, minPercent / 100));
      if (collapsed != null) {
        Files.write(collapsed, stacks.lines());
      }
      System.out.println("bench-flame: " + stacks.total() + " samples, wrote " + out);
      return 0;
    } catch (IOException | RuntimeException e) {
      System.err.println("bench-flame: cannot read " + jfr + " or write " + out + ": " + e.getMessage());
      return 1;
    }
  }
}
