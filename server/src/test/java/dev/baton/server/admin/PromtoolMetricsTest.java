package dev.baton.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.server.testing.Http;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Baton's {@code /metrics} after real traffic passes Prometheus's own linter ({@code promtool check
 * metrics}: format, HELP text, counter suffixes, units). Skipped where promtool is not installed.
 */
class PromtoolMetricsTest {

  private static Path promtool() {
    String path = System.getenv("PATH");
    for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @Test
  void metricsAfterTrafficPassPromtool() throws Exception {
    Path promtool = promtool();
    assumeTrue(promtool != null, "promtool is not installed");
    String text;
    try (TrafficHarness harness = new TrafficHarness(null)) {
      harness.stream(6);
      harness.metrics.configReloaded(true);
      HttpResponse<String> res = Http.get(harness.adminUrl() + "/metrics");
      assertThat(res.statusCode()).isEqualTo(200);
      text = res.body();
    }
    assertThat(text).doesNotContain("model=\"agg-model\",outcome=\"upstream_error\"");
    assertThat(text).contains("baton_requests_total{model=", "baton_request_ttft_seconds_bucket",
        "baton_request_itl_seconds_bucket",
        "baton_endpoint_picks_total", "baton_pd_events_total{event=\"handoff\"}",
        "baton_pd_decisions_total");
    Path input = Files.createTempFile("baton-metrics", ".txt");
    Path output = Files.createTempFile("baton-promtool", ".out");
    try {
      Files.writeString(input, text, StandardCharsets.UTF_8);
      Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
          .redirectInput(input.toFile()).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
      String report = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("promtool check metrics said:\n%s", report).isZero();
    } finally {
      Files.deleteIfExists(input);
      Files.deleteIfExists(output);
    }
  }
}
