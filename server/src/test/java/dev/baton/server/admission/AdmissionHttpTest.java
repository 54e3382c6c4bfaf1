package dev.baton.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Admission and rate limits as clients see them: 429 with Retry-After, priority order over HTTP. */
class AdmissionHttpTest {
  private static final String ANSWER = """
      {"id":"cmpl-1","object":"text_completion","choices":[{"index":0,"text":"hi","finish_reason":"length"}]}""";
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  @RegisterExtension final TestBed bed = new TestBed();
  /** Requests the worker holds until the test lets them go, with the context to answer on. */
  private final List<Runnable> held = new CopyOnWriteArrayList<>();
  private ScriptedWorker worker;
  private BatonServer baton;

  @BeforeEach
  void setUp() {
    worker = bed.worker(ex -> {
      Context ctx = Vertx.currentContext();
      java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
      held.add(() -> {
        if (answered.compareAndSet(false, true)) {
          ctx.runOnContext(v -> ex.json(200, ANSWER));
        }
      });
    });
  }

  @AfterEach
  void releaseHeld() {
    // Before the bed closes Baton: held requests answered, so nothing waits on a closing server.
    held.forEach(Runnable::run);
  }

  private void start(String sections) {
    baton = bed.baton(ConfigLoader.parse(
        TestConfigs.onePoolYaml(worker.url(), "", sections), "admission.yaml"));
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(String prompt, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baton.baseUrl() + "/v1/completions"))
        .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"m\",\"prompt\":\"" + prompt + "\",\"max_tokens\":2}"));
    headers.forEach(b::header);
    return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(CompletableFuture<HttpResponse<String>> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private double queueDepth() {
    return baton.metrics().registry().get("baton.admission.queue.depth").gauge().value();
  }

  private static void assertThrottled(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("retry-after")).hasValueSatisfying(
        v -> assertThat(Long.parseLong(v)).isPositive());
    JsonNode error = Http.error(r);
    assertThat(error.get("type").asText()).isEqualTo("rate_limit_exceeded");
  }

  @Test
  void aFullQueueAndAnExpiredWaitAre429WithRetryAfter() throws Exception {
    start("admission: {maxInFlight: 1, maxQueue: 1, queueTimeout: 600ms}");
    CompletableFuture<HttpResponse<String>> first = sendAsync("one", Map.of());
    Await.until("first request held at the worker", () -> held.size() == 1);
    CompletableFuture<HttpResponse<String>> second = sendAsync("two", Map.of());
    Await.until("second request queued", () -> queueDepth() == 1);

    assertThrottled(get(sendAsync("three", Map.of())));
    assertThrottled(get(second));
    assertThat(worker.requests.get()).isEqualTo(1);

    held.get(0).run();
    assertThat(get(first).statusCode()).isEqualTo(200);
    assertThat(queueDepth()).isZero();
  }

  /**
   * A worker whose connections are all taken is full: the next request waits in the admission queue
   * (not in the connection pool, where it would time out as if the worker were dead) and is sent
   * as soon as a connection is free; past the queue it is refused with 429 and Retry-After.
   */
  @Test
  void waitingForAWorkerConnectionIsAdmission() throws Exception {
    baton = bed.baton(ConfigLoader.parse("""
        server: {host: 127.0.0.1, port: 0, maxConnectionsPerWorker: 2}
        admin: {host: 127.0.0.1, port: 0}
        timeouts: {connect: 300ms}
        admission: {maxQueue: 1, queueTimeout: 30s}
        pools:
          - name: p
            models: [m]
            endpoints: [{url: "%s", role: both}]
        """.formatted(worker.url()), "connections.yaml"));
    CompletableFuture<HttpResponse<String>> first = sendAsync("one", Map.of());
    CompletableFuture<HttpResponse<String>> second = sendAsync("two", Map.of());
    Await.until("two requests held at the worker", () -> held.size() == 2);
    CompletableFuture<HttpResponse<String>> third = sendAsync("three", Map.of());
    Await.until("the third waits for a connection in the queue", () -> queueDepth() == 1);
    assertThrottled(get(sendAsync("four", Map.of())));
    assertThat(third).isNotDone();
    assertThat(worker.requests.get()).isEqualTo(2);

    held.get(0).run();
    Await.until("the third is sent once a connection is free", () -> held.size() == 3);
    held.get(1).run();
    held.get(2).run();
    for (CompletableFuture<HttpResponse<String>> f : List.of(first, second, third)) {
      assertThat(get(f).statusCode()).isEqualTo(200);
    }
    assertThat(queueDepth()).isZero();
  }

  @Test
  void queuedRequestsAreAdmittedInPriorityOrder() throws Exception {
    start("admission: {maxInFlight: 1, maxQueue: 10, queueTimeout: 30s}");
    CompletableFuture<HttpResponse<String>> first = sendAsync("first", Map.of());
    Await.until("first request held at the worker", () -> held.size() == 1);
    CompletableFuture<HttpResponse<String>> low = sendAsync("low", Map.of("x-priority", "low"));
    Await.until("low queued", () -> queueDepth() == 1);
    CompletableFuture<HttpResponse<String>> normal = sendAsync("normal", Map.of());
    Await.until("normal queued", () -> queueDepth() == 2);
    CompletableFuture<HttpResponse<String>> high = sendAsync("high", Map.of("x-priority", "high"));
    Await.until("high queued", () -> queueDepth() == 3);

    for (int served = 1; served <= 3; served++) {
      held.get(served - 1).run();
      int expected = served + 1;
      // The worker counts a request before it holds it: wait for the hold, which run() needs.
      Await.until("next request held at the worker", () -> held.size() == expected);
    }
    held.get(3).run();
    for (CompletableFuture<HttpResponse<String>> f : List.of(first, low, normal, high)) {
      assertThat(get(f).statusCode()).isEqualTo(200);
    }
    assertThat(worker.bodies.stream().map(b -> b.getString("prompt")).toList())
        .containsExactly("first", "high", "normal", "low");
  }

  @Test
  void perTenantRequestRateLimitsAre429WithRetryAfterAndLeaveOthersAlone() throws Exception {
    worker.close();
    ScriptedWorker quick = bed.worker(ex -> ex.json(200, ANSWER));
    baton = bed.baton(ConfigLoader.parse(TestConfigs.onePoolYaml(quick.url(), "", """
        limits:
          rate: {requestsPerMinute: 2}
          tenants:
            big: {requestsPerMinute: 1000, tokensPerMinute: 100}
        """), "rates.yaml"));
    Map<String, String> a = Map.of("x-tenant", "a");
    assertThat(get(sendAsync("1", a)).statusCode()).isEqualTo(200);
    assertThat(get(sendAsync("2", a)).statusCode()).isEqualTo(200);
    HttpResponse<String> third = get(sendAsync("3", a));
    assertThrottled(third);
    assertThat(Long.parseLong(third.headers().firstValue("retry-after").orElseThrow()))
        .isBetween(1L, 31L);
    assertThat(get(sendAsync("4", Map.of("x-tenant", "b"))).statusCode()).isEqualTo(200);
    // Tokens per minute: one request's estimate spends the bucket, the next waits.
    Map<String, String> big = Map.of("x-tenant", "big");
    assertThat(get(sendAsync("x".repeat(400), big)).statusCode()).isEqualTo(200);
    assertThrottled(get(sendAsync("5", big)));
  }
}
