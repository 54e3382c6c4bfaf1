package dev.baton.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.bench.BenchSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs each benchmark script's {@code --quick} mode once, end to end: real simulated workers, a real
 * Baton (and nginx when the machine has it) on loopback, real load. Bound to Maven's
 * {@code integration-test} phase (maven-failsafe-plugin) because the scripts run the packaged
 * {@code baton.jar}, which exists only after {@code package}; the jar's path comes in as the
 * {@code baton.jar} system property and is handed to the scripts as {@code BATON_JAR}, so nothing is
 * built here.
 */
class BenchScriptsQuickTest {

  private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(6);

  @TempDir Path out;

  @ParameterizedTest(name = "{0} --quick")
  @CsvSource(delimiter = ';', value = {
    "bench-routing;round-robin,load-only,baton-default,precise-2r",
    "bench-overhead;direct,baton",
    "bench-disagg;aggregated,disaggregated",
    "bench-slo;default-tight,default-default,slo-tight,slo-default",
    "bench-replay;shared-prefix-original-shared-prefix,shared-prefix-replay-ext,shared-prefix-replay"
  })
  void scriptRunsItsVariantsWritesAReportAndStopsEverythingItStarted(String script, String labels)
      throws Exception {
    runQuick(script);

    List<BenchSummary> summaries = summaries();
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
    assumeTrue(installed("wrk") && installed("nginx"), "wrk and nginx are not installed");
    // Baton as a new user runs it: the launcher's JVM options, whatever this JVM's environment says.
    runQuick("bench-proxy", "BENCH_JAVA_OPTS", "BATON_JAVA_OPTS");

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
        .contains("| baton-nolog | 64 | nginx |");
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

  private static boolean installed(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"), new String[] {"/usr/sbin"})
        .flatMap(Stream::of)
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  /**
   * Runs SCRIPT --quick into the temporary folder with the packaged jar, without the environment
   * variables named; checks it exits 0 and that every process it started is gone afterwards.
   */
  private void runQuick(String script, String... unset) throws Exception {
    Path root = Path.of(System.getProperty("baton.root", "..")).toAbsolutePath().normalize();
    Path jar = Path.of(System.getProperty("baton.jar", "target/baton.jar")).toAbsolutePath();
    assertThat(jar).as("the packaged jar (run with mvn verify)").exists();
    ProcessBuilder builder = new ProcessBuilder(
        root.resolve("scripts").resolve(script).toString(), "--quick", "--out", out.toString())
        .redirectErrorStream(true)
        .redirectOutput(out.resolve("script-output.log").toFile());
    builder.environment().put("BATON_JAR", jar.toString());
    List.of(unset).forEach(builder.environment()::remove);

    Process process = builder.start();
    // Remember every process the script starts, to check afterwards that none outlives it.
    Set<ProcessHandle> started = new HashSet<>();
    long deadline = System.nanoTime() + SCRIPT_LIMIT.toNanos();
    while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(started::add);
      if (System.nanoTime() > deadline) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(script + " --quick did not finish within " + SCRIPT_LIMIT + "\n" + log());
      }
    }

    assertThat(process.exitValue()).as("exit status of %s; its output:%n%s", script, log()).isZero();
    assertThat(started).as("processes the script started").isNotEmpty();
    awaitGone(started);
  }

  private List<BenchSummary> summaries() throws IOException {
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

  private static void awaitGone(Set<ProcessHandle> processes) throws InterruptedException {
    // The script's exit trap has already stopped them; allow the kernel a moment to reap.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(processes.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("")))
        .as("processes still alive after the script ended").isEmpty();
  }

  private String log() {
    try {
      return Files.readString(out.resolve("script-output.log"));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }
}
