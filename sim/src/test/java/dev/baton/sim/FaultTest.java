package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Injected faults, per request (X-Sim-Fault) and by configuration. */
class FaultTest {

  @RegisterExtension
  static SimFixture sims = SimFixture.workers(1, SimConfig.defaults().withSpeed(100))
      .resetBeforeEach();

  static final String STREAM = "{\"prompt\":\"fault\",\"max_tokens\":10,\"ignore_eos\":true,\"stream\":true}";
  static final String PLAIN = "{\"prompt\":\"fault\",\"max_tokens\":10,\"ignore_eos\":true}";

  SimWorker w() {
    return sims.worker(0);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503, 429})
  void errorHeaderAnswersThatStatus(int status) {
    Http.Response r = sims.http().post(w(), "/v1/completions", PLAIN, Map.of("X-Sim-Fault", "error-" + status));
    assertThat(r.status()).isEqualTo(status);
    JsonNode error = r.json().get("error");
    assertThat(error.get("code").asInt()).isEqualTo(status);
    assertThat(error.get("type").asText()).isNotBlank();
    assertThat(w().stats().generationTokens()).isZero();
  }

  @Test
  void malformedFaultHeaderIsABadRequest() {
    Http.Response r = sims.http().post(w(), "/v1/completions", PLAIN, Map.of("X-Sim-Fault", "explode"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").get("message").asText()).contains("X-Sim-Fault");
  }

  @Test
  void hangNeverAnswersAndCountsAnAbortWhenTheClientLeaves() {
    HttpClientRequest hung = sims.http().open(w(), "/v1/completions", PLAIN, Map.of("X-Sim-Fault", "hang"));
    Future<?> response = hung.response();
    Await.until("the hung request arrived", () -> w().stats().requestsReceived() == 1);
    // A later request on another connection is answered while the hung one still is not.
    assertThat(sims.http().post(w(), "/v1/completions", PLAIN).status()).isEqualTo(200);
    assertThat(response.isComplete()).isFalse();
    hung.connection().close();
    Await.until("the hang is counted as aborted", () -> w().stats().requestsAborted() == 1);
  }

  @Test
  void dropAfterClosesTheConnectionAfterThatManyTokens() {
    Http.Partial p = sims.http().sendUntilClosed(w(), "/v1/completions", STREAM, Map.of("X-Sim-Fault", "drop-after:3"));
    assertThat(p.cut()).isTrue();
    assertThat(p.body().split("\n\n")).hasSize(3).allMatch(e -> e.startsWith("data: {"));
    assertThat(p.body()).doesNotContain("[DONE]");
    Await.until("the drop is counted as aborted", () -> w().stats().requestsAborted() == 1);
    Await.until("blocks are freed", () -> w().stats().usedBlocks() == 0 && w().stats().running() == 0);
  }

  @Test
  void dropOfNonStreamingRequestSendsNothing() {
    Http.Partial p = sims.http().sendUntilClosed(w(), "/v1/completions", PLAIN, Map.of("X-Sim-Fault", "drop-after:2"));
    assertThat(p.cut()).isTrue();
    assertThat(p.body()).isEmpty();
  }

  @Test
  void slowAddsDelayPerToken() {
    long t0 = System.nanoTime();
    Http.Response slow = sims.http().post(w(), "/v1/completions", PLAIN, Map.of("X-Sim-Fault", "slow:30"));
    long slowed = System.nanoTime() - t0;
    assertThat(slow.status()).isEqualTo(200);
    // Nine gaps of at least 30 ms each: a lower bound by construction, whatever the machine load
    // (comparing with an unslowed request's wall time would not be: a loaded machine can stall it).
    assertThat(slowed).isGreaterThanOrEqualTo(9 * 30_000_000L);
  }

  @Test
  void configuredRatesApplyToEveryRequest() {
    w().faults(FaultConfig.none().withErrorRate(1.0).withErrorStatus(503));
    assertThat(sims.http().post(w(), "/v1/completions", PLAIN).status()).isEqualTo(503);
    assertThat(sims.http().post(w(), "/v1/completions", PLAIN).status()).isEqualTo(503);
    w().faults(FaultConfig.none());
    assertThat(sims.http().post(w(), "/v1/completions", PLAIN).status()).isEqualTo(200);
  }

  @Test
  void rejectConnectionsClosesNewConnections() {
    w().faults(FaultConfig.none().withRejectConnections(true));
    Future<Http.Response> rejected = sims.http().send(w(), HttpMethod.GET, "/health", null, Map.of());
    Await.until("the connection is refused", rejected::isComplete);
    assertThat(rejected.failed()).isTrue();
    w().faults(FaultConfig.none());
    assertThat(sims.http().get(w(), "/health").status()).isEqualTo(200);
  }

  @Test
  void closingAWorkerEndsHungAndStreamingConnections() {
    SimWorker extra = Await.result(SimWorker.start(sims.vertx(), SimConfig.defaults().withSpeed(1)));
    HttpClientRequest hung = sims.http().open(extra, "/v1/completions", PLAIN, Map.of("X-Sim-Fault", "hang"));
    HttpClientRequest streaming = sims.http().open(extra, "/v1/completions",
        "{\"prompt\":\"x\",\"max_tokens\":100000,\"ignore_eos\":true,\"stream\":true}", Map.of());
    io.vertx.core.Promise<Void> streamClosed = io.vertx.core.Promise.promise();
    streaming.connection().closeHandler(v -> streamClosed.tryComplete());
    Await.until("both arrived", () -> extra.stats().requestsReceived() == 2 && extra.stats().running() == 1);
    Await.result(extra.close());
    Await.until("the hung connection is closed", () -> hung.response().failed());
    Await.until("the streaming connection is closed", () -> streamClosed.future().isComplete());
  }

  @Test
  void unhealthyWorkerFailsHealthButStillServes() {
    w().healthy(false);
    assertThat(sims.http().get(w(), "/health").status()).isEqualTo(503);
    assertThat(sims.http().post(w(), "/v1/completions", PLAIN).status()).isEqualTo(200);
  }
}
