package dev.baton.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.Await;
import dev.baton.bench.BenchOptions;
import dev.baton.bench.BenchSummary;
import dev.baton.bench.FakeOpenAiServer;
import dev.baton.bench.trace.TraceRecord;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replay sends each trace line's own SLO, priority, session and tenant headers over a real
 * socket, on top of the run's headers (its own winning), and counts attainment per request.
 */
class TraceReplayHeadersTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final Vertx vertx = Vertx.vertx();
  private FakeOpenAiServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    Await.result(vertx.close(), WAIT);
  }

  private static TraceRecord line(double arrivalMs, String tenant, String priority, Double ttft,
      Double tpot, String session) {
    return new TraceRecord(arrivalMs, null, tenant, 8, 0, List.of(), 2, true, priority, ttft, tpot,
        session, null);
  }

  @Test
  void eachRequestCarriesItsLinesHeadersAndIsHeldToItsOwnObjective() {
    server = FakeOpenAiServer.start(vertx, 0, true, i -> FakeOpenAiServer.Fault.NONE);
    List<TraceRecord> trace = List.of(
        line(0, "team-a", "high", 60_000.0, 40.5, "s-1"),
        line(5, null, null, null, null, null));
    // The run's own objective, a microsecond, no first token can meet; the first line's wins.
    BenchOptions client = BenchOptions.builder(URI.create(server.url()))
        .header("x-llm-d-slo-ttft-ms", "0.001").header("x-priority", "low")
        .header("x-run", "r").requests(1).build();
    TraceHeaders names = new TraceHeaders("x-prio", "x-sess", "x-who");

    BenchSummary summary = Await.result(TraceReplay.start(vertx, client, trace,
        ReplaySettings.DEFAULTS.withHeaders(names)).summary(), WAIT);

    assertThat(summary.ok()).isEqualTo(2);
    List<MultiMap> sent = server.received().stream()
        .sorted(Comparator.comparingLong(FakeOpenAiServer.Received::arrivalNanos))
        .map(FakeOpenAiServer.Received::headers).toList();
    MultiMap first = sent.get(0);
    assertThat(first.getAll("x-llm-d-slo-ttft-ms")).containsExactly("60000");
    assertThat(first.get("x-llm-d-slo-tpot-ms")).isEqualTo("40.5");
    assertThat(first.get("x-prio")).isEqualTo("high");
    assertThat(first.get("x-sess")).isEqualTo("s-1");
    assertThat(first.get("x-who")).isEqualTo("team-a");
    assertThat(first.get("x-run")).isEqualTo("r");
    MultiMap second = sent.get(1);
    assertThat(second.get("x-llm-d-slo-ttft-ms")).isEqualTo("0.001");
    assertThat(second.get("x-run")).isEqualTo("r");
    assertThat(second.names()).doesNotContain("x-prio", "x-sess", "x-who", "x-llm-d-slo-tpot-ms");
    // Met its own hour-long objective; missed the run's microsecond.
    assertThat(summary.ttftObjectiveMs()).isEqualTo(0.001);
    assertThat(summary.ttftWithinObjective()).isEqualTo(0.5);
  }
}
