package dev.baton.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.BenchSummary;
import dev.baton.bench.stats.LatencySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {

  @TempDir Path dir;

  static BenchSummary summary(String label, String workload, double ttftP90, double rps, long prompt, long cached) {
    return new BenchSummary(label, "http://127.0.0.1:1", "m", "chat", workload, "open-loop", 10.0, null, 42,
        100, 98, 2, Map.of("http_5xx", 2L), Map.of(), 0, 10.0, rps, 6400, 640.0, prompt, cached,
        new LatencySummary(98, ttftP90 / 2, ttftP90 / 2, ttftP90, ttftP90 * 2, ttftP90 * 3),
        new LatencySummary(6300, 7, 6.5, 8, 12, 30),
        new LatencySummary(98, 500, 480, 560, 700, 720),
        new LatencySummary(98, 0.05, 0.02, 0.1, 0.9, 2.1));
  }

  private int run(String... args) {
    return new CommandLine(new ReportCommand()).execute(args);
  }

  @Test
  void writesATablePerWorkloadABaselineComparisonAndChartsInFileNameOrder() throws Exception {
    Files.writeString(dir.resolve("2-baton.json"), summary("baton", "shared-prefix", 100, 9.8, 1000, 800).toJson());
    Files.writeString(dir.resolve("1-round-robin.json"), summary("round-robin", "shared-prefix", 1000, 9.0, 1000, 200).toJson());
    Files.writeString(dir.resolve("3-baton.json"), summary("baton", "multi-turn", 50, 5, 0, 0).toJson());
    Files.writeString(dir.resolve("workers.json"), "{\"not\": \"a summary\"}");

    assertThat(run("--in", dir.toString(), "--title", "Routing", "--baseline", "round-robin",
        "--chart", "ttft-p90,prefix-hit-rate")).isZero();

    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md).startsWith("# Routing\n");
    assertThat(md).contains("## shared-prefix, open loop at 10.0 req/s", "## multi-turn, open loop at 10.0 req/s");
    assertThat(md.indexOf("| round-robin | 9.00")).isPositive().isLessThan(md.indexOf("| baton | 9.80"));
    // Hit rate from usage: 800 of 1000 prompt tokens; multi-turn reported none, so no column there.
    assertThat(md).contains("| 80.0% |", "| 20.0% |");
    assertThat(md).contains("| baton | -450.0 | -1800 | 10.00x | 1.09x |");
    assertThat(md).contains("| 2 / 100 |");
    assertThat(md).contains("![TTFT p90](report-ttft-p90.svg)", "(report-prefix-hit-rate.svg)");
    assertThat(dir.resolve("report-ttft-p90.svg")).exists();
    assertThat(dir.resolve("report-prefix-hit-rate.svg")).exists();
  }

  @Test
  void chartsAreWellFormedSvgWithLabelsEscaped() throws Exception {
    Files.writeString(dir.resolve("a.json"), summary("<a & \"b\">", "random", 10, 1, 0, 0).toJson());
    Path out = dir.resolve("sub/r.md");

    assertThat(run("--in", dir.toString(), "--out", out.toString(), "--chart", "ttft-p90,prefix-hit-rate")).isZero();

    String svg = Files.readString(dir.resolve("sub/r-ttft-p90.svg"));
    assertThat(svg).contains("&lt;a &amp; &quot;b&quot;&gt;").doesNotContain("<a &");
    // Parses as XML: escaping is complete.
    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("sub/r-ttft-p90.svg").toFile());
    assertThat(Files.readString(dir.resolve("sub/r-prefix-hit-rate.svg"))).contains("n/a");
  }

  @Test
  void failsWithoutSummariesAndOnUnknownMetrics() throws Exception {
    assertThat(run("--in", dir.toString())).isEqualTo(1);
    Files.writeString(dir.resolve("a.json"), summary("x", "random", 10, 1, 0, 0).toJson());
    assertThat(run("--in", dir.toString(), "--chart", "latency")).isEqualTo(2);
    assertThat(dir.resolve("report.md")).doesNotExist();
  }
}
