package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.RawClient;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Headers a client could use to claim more than it is: a priority its key does not grant, a
 * forged client address, cookies and keys meant for Baton, a {@code Connection} header that strips
 * the request's framing and ids.
 */
class HeaderTrustTest {
  private static final int FORGED = 300;

  @RegisterExtension final TestBed bed = new TestBed();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  /** Requests the worker holds until the test lets them go. */
  private final List<Runnable> held = new CopyOnWriteArrayList<>();

  @AfterEach
  void releaseHeld() {
    held.forEach(Runnable::run);
  }

  private ScriptedWorker holdingWorker() {
    return bed.worker(ex -> {
      Context ctx = Vertx.currentContext();
      AtomicBoolean answered = new AtomicBoolean();
      held.add(() -> {
        if (answered.compareAndSet(false, true)) {
          ctx.runOnContext(v -> Hostile.ok(ex));
        }
      });
    });
  }

  private static CompletableFuture<HttpResponse<String>> send(BatonServer baton, String who,
      String key, String priority) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baton.baseUrl() + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
        .header("authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString(Hostile.CHAT.replace("\"hi\"", "\"" + who + "\"")));
    if (priority != null) {
      b.header("x-priority", priority);
    }
    return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aKeyCannotClaimAPriorityAboveItsGrant() throws Exception {
    ScriptedWorker worker = holdingWorker();
    BatonServer baton = bed.baton(Hostile.config(worker, """
        auth: {keys: [{name: gold, key: gold-key, maxPriority: high}, {name: basic, key: basic-key}]}
        admission: {maxInFlight: 1, maxQueue: 10, queueTimeout: 30s}
        """));
    var first = send(baton, "first", "basic-key", null);
    // The worker counts a request before its script holds it: wait for the hold, not the count.
    Await.until("first request held at the worker", () -> held.size() == 1);
    // basic claims high first; without a grant it waits as normal, behind gold's real high.
    var basic = send(baton, "basic", "basic-key", "high");
    Await.until("basic queued", () -> queueDepth(baton) == 1);
    var gold = send(baton, "gold", "gold-key", "high");
    Await.until("gold queued", () -> queueDepth(baton) == 2);
    for (int served = 1; served <= 2; served++) {
      held.get(served - 1).run();
      int expected = served + 1;
      Await.until("next request held at the worker", () -> held.size() == expected);
    }
    held.get(2).run();
    for (var f : List.of(first, basic, gold)) {
      assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(worker.bodies.stream()
        .map(b -> b.getJsonArray("messages").getJsonObject(0).getString("content")).toList())
        .containsExactly("first", "gold", "basic");
  }

  @Test
  void onlyAKeyGrantedTheTopClassMaySetTheWorkersOwnPriority() {
    ScriptedWorker worker = bed.worker(Hostile::ok);
    BatonServer baton = bed.baton(Hostile.config(worker, """
        auth: {keys: [{name: gold, key: gold-key, maxPriority: high}, {name: basic, key: basic-key}]}
        """));
    String body = Hostile.CHAT.replace("}]}", "}],\"priority\":-100}");
    for (String key : List.of("basic-key", "gold-key")) {
      HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions", body,
          Map.of("authorization", "Bearer " + key));
      assertThat(r.statusCode()).isEqualTo(200);
    }
    String embeddings = "{\"model\":\"m\",\"input\":\"x\",\"priority\":-100}";
    assertThat(Http.post(baton.baseUrl() + "/v1/embeddings", embeddings,
        Map.of("authorization", "Bearer basic-key")).statusCode()).isEqualTo(200);
    assertThat(worker.bodies.get(0).containsKey("priority")).as("basic, chat").isFalse();
    assertThat(worker.bodies.get(1).getInteger("priority")).as("gold, chat").isEqualTo(-100);
    assertThat(worker.bodies.get(2).containsKey("priority")).as("basic, embeddings").isFalse();
    Hostile.normalChatServed(baton, worker, Map.of("authorization", "Bearer basic-key"));
  }

  @Test
  void forgedForwardingHeadersCookiesAndKeysStayWithBaton() throws Exception {
    ScriptedWorker worker = bed.worker(Hostile::ok);
    BatonServer baton = bed.baton(Hostile.config(worker, ""));
    Hostile.normalChatServed(baton, worker, Map.of());
    Baseline baseline = Baseline.take("forged headers", baton);
    // 300 forged requests on fresh connections, each checked at the worker; a normal one between.
    for (int i = 0; i < FORGED; i++) {
      RawClient.Response r = Hostile.raw(baton, String.join("\r\n",
          "POST /v1/chat/completions HTTP/1.1",
          "X-Forwarded-For: 6.6.6.6", "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example",
          "Forwarded: for=6.6.6.6;proto=https", "X-Real-IP: 6.6.6.6", "Cookie: session=abc",
          "X-Api-Key: sk-client", "X-Request-Id: trust-" + i,
          "Traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
          "Connection: keep-alive, content-type, x-request-id, traceparent, x-forwarded-for"),
          Hostile.CHAT);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertForwardedByBaton(worker.headers.get(worker.headers.size() - 1), "trust-" + i);
      if (i % 30 == 29) {
        Hostile.normalChatServed(baton, worker, Map.of());
      }
    }
    baseline.assertReturned();
    Hostile.normalChatServed(baton, worker, Map.of());
  }

  /** What the worker saw of one forged request: Baton's own forwarding headers, nothing forged. */
  private static void assertForwardedByBaton(MultiMap seen, String requestId) {
    assertThat(seen.getAll("x-forwarded-for")).containsExactly("127.0.0.1");
    assertThat(seen.getAll("x-forwarded-proto")).containsExactly("http");
    for (String gone : List.of("x-forwarded-host", "forwarded", "x-real-ip", "cookie", "x-api-key")) {
      assertThat(seen.get(gone)).as(gone).isNull();
    }
    assertThat(seen.get("content-type")).isEqualTo("application/json");
    assertThat(seen.get("x-request-id")).isEqualTo(requestId);
    assertThat(seen.get("traceparent")).contains("0af7651916cd43dd8448eb211c80319c");
  }

  private static double queueDepth(BatonServer baton) {
    return baton.metrics().registry().get("baton.admission.queue.depth").gauge().value();
  }
}
