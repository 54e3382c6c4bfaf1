package dev.baton.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.bench.BenchSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each benchmark script's {@code --quick} mode once, end to end: real simulated workers, a real
 * Baton (and nginx when the machine has it) on loopback, real load. Bound to Maven's
 * {@code integration-test} phase (maven-failsafe-plugin) because the scripts run the packaged
 * {@code baton.jar}, which exists only after {@code package}; the jar's path comes in as the
 * {@code baton.jar} system property and is handed to the scripts as {@code BATON_JAR}, so nothing is
 * built here. The scripts run two at a time from the start ({@link QuickRuns}); each test judges
 * its own script's run.
 */
class BenchScriptsQuickTest {

  private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(6);

  /** The labels each script's summaries must include. */
  private static final Map<String, String> VARIANTS = Map.of(
      "bench-routing", "round-robin,load-only,baton-default,precise-2r",
      "bench-overhead", "direct,baton",
      "bench-disagg", "aggregated,disaggregated",
      "bench-slo", "default-tight,default-default,slo-tight,slo-default",
      "bench-replay", "shared-prefix-original-shared-prefix,shared-prefix-replay-ext,shared-prefix-replay");

  /** bench-proxy alone first, then the others two at a time, the longest first. */
  private static final List<String> ORDER = List.of(
      "bench-proxy", "bench-slo", "bench-routing", "bench-disagg", "bench-replay", "bench-overhead");

  @TempDir static Path resultsRoot;

  private static QuickRuns runs;

  @BeforeAll
  static void startEveryScript() {
    Path root = Path.of(System.getProperty("baton.root", "..")).toAbsolutePath().normalize();
    Path jar = Path.of(System.getProperty("baton.jar", "target/baton.jar")).toAbsolutePath();
    assertThat(jar).as("the packaged jar (run with mvn verify)").exists();
    runs = new QuickRuns(root, jar, resultsRoot, SCRIPT_LIMIT);
    for (String script : ORDER) {
      if (!script.equals("bench-proxy")) {
        runs.start(script);
      } else if (proxyToolsInstalled()) {
        // Baton as a new user runs it: the launcher's JVM options, whatever this JVM's environment says.
        runs.startAlone(script, "BENCH_JAVA_OPTS", "BATON_JAVA_OPTS");
      }
    }
  }

  @AfterAll
  static void awaitEveryScript() {
    if (runs != null) {
      runs.awaitAll();
    }
  }

  static Stream<Arguments> variantScripts() {
    return ORDER.stream().filter(VARIANTS::containsKey)
        .map(script -> Arguments.of(script, VARIANTS.get(script)));
  }

  @ParameterizedTest(name = "{0} --quick")
  @MethodSource("variantScripts")
  void scriptRunsItsVariantsWritesAReportAndStopsEverythingItStarted(String script, String labels)
      throws Exception {
    Path out = ranToTheEnd(runs.start(script).join());

    List<BenchSummary> summaries = summaries(out);
    Set<String> expected = Set.of(labels.split(","));
    assertThat(summaries).extracting(BenchSummary::label).containsAll(expected);
    for (BenchSummary summary : summaries) {
      assertThat(summary.ok()).as("successful requests of %s", summary.label()).isPositive();
      assertThat(summary.errors()).as("errors of %s: %s", summary.label(), summary.errorSamples()).isZero();
      assertThat(summary.url()).startsWith("http://127.0.0.1:");
    }
    String report = Files.readString(out.resolve("report.md"));
    expected.forEach(label -> assertThat(report).contains("| " + label + " |"));
    try (Stream<Path> files = Files.list(out)) {
      List<Path> charts = files.filter(p -> p.toString().endsWith(".svg")).toList();
      assertThat(charts).isNotEmpty();
      for (Path chart : charts) {
        assertThat(report).contains("(" + chart.getFileName() + ")");
        assertThat(Files.readString(chart)).startsWith("<svg").contains("</svg>");
      }
    }
  }

  /**
   * bench-proxy drives wrk and nginx (and, for its vllm-style-pd row, Debian's python3-quart and
   * python3-aiohttp, which it installs or says why not): it runs where wrk and nginx are installed
   * (.ci/run installs them). Every path must be measured at both loads without an error, and the
   * targets table must judge every target.
   */
  @Test
  void benchProxyMeasuresEveryPathSideBySide() throws Exception {
    assumeTrue(proxyToolsInstalled(), "wrk and nginx are not installed");
    Path out = ranToTheEnd(runs.startAlone("bench-proxy", "BENCH_JAVA_OPTS", "BATON_JAVA_OPTS").join());

    String results = Files.readString(out.resolve("results.md"));
    for (String path : List.of("direct", "nginx", "nginx-log", "vertx-floor", "baton", "baton-nolog",
        "baton-pd")) {
      for (String connections : List.of("8", "64")) {
        assertThat(measured(results, path, connections))
            .as("%s at c=%s in%n%s", path, connections, results).isPositive();
      }
    }
    assertThat(measured(results, "vllm-style-pd", "64") > 0
        || results.contains("| vllm-style-pd | not run: "))
        .as("vllm-style-pd measured or saying why not, in%n%s", results).isTrue();
    assertThat(results).contains("| vertx-floor | Vert.x 5 pass-through proxy, ")
        .contains("| baton | aggregated, default config (access log on")
        .containsPattern("\\| baton \\|[^\\n]*\\| `[^`]*-XX:\\+UseG1GC[^`]*` \\| G1GC \\|")
        .contains("| baton | 64 | nginx-log |")
        .contains("| baton-nolog | 64 | nginx |")
        .as("user and kernel CPU per request").containsPattern("\\| baton \\| 64 \\| [0-9.]+ \\| [0-9.]+ \\| [0-9]+% \\|");
    assertThat(results.lines().filter(l -> l.matches("\\| [^|]+ \\| [^|]+ \\| [^|]+ \\| "
        + "(met|\\*\\*missed\\*\\*|not measured) \\|"))).hasSize(9);
  }

  /**
   * Requests/s of PATH's row at CONNECTIONS in results.md, after checking the row has no error; 0
   * when there is no such row.
   */
  private static double measured(String results, String path, String connections) {
    return results.lines()
        .filter(l -> l.startsWith("| " + path + " | " + connections + " | "))
        .findFirst()
        .map(l -> {
          String[] cells = l.split("\\|");
          assertThat(cells[6].strip()).as("errors in %s", l).isEqualTo("0");
          return Double.parseDouble(cells[5].strip());
        })
        .orElse(0.0);
  }

  private static boolean proxyToolsInstalled() {
    return installed("wrk") && installed("nginx");
  }

  private static boolean installed(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"), new String[] {"/usr/sbin"})
        .flatMap(Stream::of)
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  /**
   * Checks that the script finished within the limit with exit status 0, that it started
   * processes and that none of them is alive afterwards; returns its results folder.
   */
  private static Path ranToTheEnd(QuickRuns.Run run) {
    assertThat(run.timedOut())
        .as("%s --quick did not finish within %s%n%s", run.script(), SCRIPT_LIMIT, run.log())
        .isFalse();
    assertThat(run.exitStatus()).as("exit status of %s; its output:%n%s", run.script(), run.log())
        .isZero();
    assertThat(run.started()).as("processes the script started").isPositive();
    assertThat(run.startedAlive()).as("processes still alive after the script ended").isEmpty();
    return run.out();
  }

  private static List<BenchSummary> summaries(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().map(p -> {
        try {
          return BenchSummary.fromJson(Files.readString(p));
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }).toList();
    }
  }
}
