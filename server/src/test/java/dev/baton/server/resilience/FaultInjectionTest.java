package dev.baton.server.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.sim.FaultConfig;
import dev.baton.sim.SimWorker;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults injected into simulated workers, as the client and Baton's books see them: a transparent
 * retry when nothing was sent yet, a clean SSE error and {@code [DONE]} once a stream started,
 * in-flight counts, worker sequences and held KV blocks back to zero, breakers that open and close.
 */
class FaultInjectionTest {
  /** Small windows so breakers open after a few failures and probe again within a second. */
  private static final String RESILIENCE = """
      resilience:
        breaker: {consecutiveFailures: 3, windowSize: 10, minimumCalls: 10, waitInOpen: 1s, halfOpenCalls: 1}
        retry: {maxRetries: 2, backoff: 5ms, maxBackoff: 20ms, budgetRatio: 1.0, minRetriesPerWindow: 100}
      """;

  private BatonWithSims fleet;

  @AfterEach
  void tearDown() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static String stream(int i, int tokens) {
    return """
        {"model":"%s","stream":true,"max_tokens":%d,"ignore_eos":true,
         "messages":[{"role":"user","content":"Request number %d about relay batons."}]}"""
        .formatted(BatonWithSims.MODEL, tokens, i);
  }

  private HttpResponse<String> send(int i) {
    return Http.post(fleet.url("/v1/chat/completions"), stream(i, 8));
  }

  private static void assertCleanStream(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("\"error\"").endsWith("data: [DONE]\n\n");
  }

  /** Sends requests until the bad worker has seen {@code n} of them; every one succeeds. */
  private void sendUntilReceived(SimWorker bad, int n) {
    for (int i = 0; bad.stats().requestsReceived() < n; i++) {
      assertThat(i).as("requests sent before the bad worker saw " + n).isLessThan(60);
      assertCleanStream(send(i));
    }
  }

  @Test
  void fiveHundredsAreRetriedElsewhereTheBreakerOpensAndLaterCloses() {
    fleet = BatonWithSims.aggregated(2, RESILIENCE);
    SimWorker bad = fleet.workers.get(0);
    SimWorker good = fleet.workers.get(1);
    bad.faults(FaultConfig.none().withErrorRate(1.0).withErrorStatus(500));

    sendUntilReceived(bad, 3);
    assertThat(fleet.state(bad).breakerOpen()).as("open after 3 failures in a row").isTrue();
    // While open, nothing reaches the bad worker and clients notice nothing.
    long seen = bad.stats().requestsReceived();
    for (int i = 0; i < 4 && fleet.state(bad).breakerOpen(); i++) {
      assertCleanStream(send(100 + i));
    }
    assertThat(bad.stats().requestsReceived()).isLessThanOrEqualTo(seen + 1);

    bad.faults(FaultConfig.none());
    Await.until("breaker half-open after waitInOpen", () -> !fleet.state(bad).breakerOpen(),
        Duration.ofSeconds(10));
    long completedBefore = bad.stats().requestsCompleted();
    for (int i = 0; bad.stats().requestsCompleted() <= completedBefore; i++) {
      assertThat(i).as("requests before the healed worker served one").isLessThan(60);
      assertCleanStream(send(200 + i));
    }
    assertThat(fleet.state(bad).breakerOpen()).as("closed after a good probe").isFalse();
    assertThat(good.stats().requestsCompleted()).isGreaterThanOrEqualTo(3);
    fleet.awaitQuiet();
  }

  @Test
  void retriesStopAtMaxRetriesAndAtTheBudget() {
    String noBreaker = "resilience:\n  breaker: {enabled: false}\n";
    fleet = BatonWithSims.aggregated(4, noBreaker
        + "  retry: {maxRetries: 2, backoff: 1ms, budgetRatio: 1.0, minRetriesPerWindow: 100}\n");
    fleet.workers.forEach(w -> w.faults(FaultConfig.none().withErrorRate(1.0).withErrorStatus(500)));
    HttpResponse<String> r = send(1);
    assertThat(r.statusCode()).as("the last worker's 500, relayed").isEqualTo(500);
    Http.error(r);
    assertThat(fleet.workers.stream().mapToLong(w -> w.stats().requestsReceived()).sum())
        .as("one attempt plus maxRetries").isEqualTo(3);
    fleet.awaitQuiet();
    fleet.close();

    // A budget of 10% with no floor: of ten failing requests, only one is retried.
    fleet = BatonWithSims.aggregated(4, noBreaker
        + "  retry: {maxRetries: 2, backoff: 1ms, budgetRatio: 0.1, minRetriesPerWindow: 0, budgetWindow: 10m}\n");
    fleet.workers.forEach(w -> w.faults(FaultConfig.none().withErrorRate(1.0).withErrorStatus(500)));
    for (int i = 0; i < 10; i++) {
      assertThat(send(i).statusCode()).isEqualTo(500);
    }
    assertThat(fleet.workers.stream().mapToLong(w -> w.stats().requestsReceived()).sum())
        .isEqualTo(11);
    fleet.awaitQuiet();
  }

  @Test
  void refusedConnectionsFailOverAtNoCostAndOpenTheBreaker() {
    fleet = BatonWithSims.aggregated(2, RESILIENCE);
    SimWorker dead = fleet.workers.get(0);
    dead.faults(FaultConfig.none().withRejectConnections(true));
    for (int i = 0; i < 8; i++) {
      assertCleanStream(send(i));
    }
    assertThat(fleet.state(dead).breakerOpen()).isTrue();
    assertThat(fleet.workers.get(1).stats().requestsCompleted()).isEqualTo(8);
    fleet.awaitQuiet();
  }

  @Test
  void aWorkerHangingBeforeTheFirstByteIsAbandonedAndTheRequestRetried() {
    // 1 s, not less: the healthy worker's first byte must come well inside it on a starved CI
    // machine (400 ms was passed there once and the request failed over to the hung worker).
    fleet = BatonWithSims.aggregated(2, RESILIENCE + "timeouts: {firstByte: 1s}\n");
    SimWorker hung = fleet.workers.get(0);
    hung.faults(FaultConfig.none().withHangRate(1.0));
    for (int i = 0; i < 4; i++) {
      assertCleanStream(send(i));
    }
    assertThat(hung.stats().requestsReceived()).isGreaterThanOrEqualTo(1);
    // Baton hung up on the hung requests, so the worker freed them.
    Await.until("hung requests aborted on the worker",
        () -> hung.stats().requestsAborted() == hung.stats().requestsReceived());
    fleet.awaitQuiet();
  }

  @Test
  void aWorkerKilledMidStreamEndsTheStreamWithAnErrorEventAndIsNotReplayed() {
    fleet = BatonWithSims.aggregated(2, RESILIENCE);
    HttpResponse<String> r = Http.post(fleet.url("/v1/chat/completions"), stream(1, 40),
        Map.of("X-Sim-Fault", "drop-after:5"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"content\":");
    assertThat(r.body()).contains("data: {\"error\":{").endsWith("data: [DONE]\n\n");
    long received = fleet.workers.stream().mapToLong(w -> w.stats().requestsReceived()).sum();
    assertThat(received).as("a stream the client saw is never sent again").isEqualTo(1);
    assertThat(fleet.baton.relayCounters().midStreamFailures()).isEqualTo(1);
    fleet.awaitQuiet();
  }

  @Test
  void slowTokensAreNotCutByAnyTotalTimeout() {
    // 30 tokens at 60 ms each: twice the idle timeout and five times the first-byte timeout in all.
    fleet = BatonWithSims.aggregated(1, "timeouts: {firstByte: 400ms, idle: 900ms}\n");
    HttpResponse<String> r = Http.post(fleet.url("/v1/chat/completions"), stream(1, 30),
        Map.of("X-Sim-Fault", "slow:60"));
    assertCleanStream(r);
    assertThat(r.body().split("\"content\":").length - 1).isGreaterThanOrEqualTo(30);
    fleet.awaitQuiet();
  }

  @Test
  void aFiveHundredBurstWithNowhereElseToGoReachesTheClientAsIs() {
    fleet = BatonWithSims.aggregated(1, RESILIENCE.replace("waitInOpen: 1s", "waitInOpen: 30s"));
    fleet.workers.get(0).faults(FaultConfig.none().withErrorRate(1.0).withErrorStatus(503));
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = send(i);
      assertThat(r.statusCode()).isEqualTo(503);
      Http.error(r);
    }
    // Open now: the client hears so at once, without a worker call.
    Await.until("breaker open", () -> fleet.state(fleet.workers.get(0)).breakerOpen());
    HttpResponse<String> r = send(9);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(Http.error(r).get("code").asText()).isIn("circuit_open", "no_healthy_worker");
    assertThat(fleet.workers.get(0).stats().requestsReceived()).isEqualTo(3);
    fleet.awaitQuiet();
  }

  @Test
  void aPrefillWorkerDyingDuringItsLegLeavesDecodeToServeAndHoldsNothing() {
    fleet = BatonWithSims.split(1, 1, RESILIENCE);
    SimWorker prefill = fleet.workers.get(0);
    SimWorker decode = fleet.workers.get(1);
    prefill.faults(FaultConfig.none().withDrop(1.0, 0));
    for (int i = 0; i < 4; i++) {
      assertCleanStream(send(i));
    }
    assertThat(decode.stats().requestsCompleted()).isEqualTo(4);
    // Three fallbacks open the prefill worker's breaker; then requests are planned aggregated.
    assertThat(fleet.baton.handoffCounters().decodeFallbacks()).isBetween(3L, 4L);
    assertThat(fleet.state(prefill).breakerOpen()).isTrue();
    fleet.awaitQuiet();
  }
}
