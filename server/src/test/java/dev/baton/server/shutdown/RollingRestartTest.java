package dev.baton.server.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.balancer.RoundRobinBalancer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.PacedStream;
import dev.baton.server.testing.TestBed;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart under load, with real processes: two {@code baton serve} JVMs behind a loopback
 * round-robin balancer that, like a Service, sends new connections only to replicas whose
 * {@code /ready} answers 200. While 50 streams of 5 s run through it, one replica gets SIGTERM and
 * a new one starts, as a Deployment rollout does. The streams hold their last second until the
 * SIGTERM is sent, so a slow machine cannot finish them before the roll starts. No stream is cut (each ends with all its events
 * and {@code [DONE]}, no error event), no request of a steady trickle fails, the terminated process
 * exits 0, and the new one takes requests.
 */
class RollingRestartTest {
  private static final int STREAMS = 50;
  private static final int EVENTS = 100;
  private static final long EVERY_MS = 50;
  /** The events a stream sends before it waits for the SIGTERM (the last 20 follow it). */
  private static final int HELD_AT = 80;
  /** Generous: JVMs start slowly on a busy machine. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String ANSWER = "{\"id\":\"x\",\"object\":\"text_completion\",\"choices\":"
      + "[{\"index\":0,\"text\":\"ok\",\"finish_reason\":null}]}";

  @RegisterExtension final TestBed bed = new TestBed();
  @TempDir Path dir;
  private final AtomicInteger streaming = new AtomicInteger();
  private final Promise<Void> terminating = Promise.promise();

  @Test
  void aReplicaRollsWhileFiftyStreamsRunAndNothingIsCutOrFails() throws Exception {
    Path config = config(worker(), worker());
    // The new replica's JVM starts with the others to keep the test short; it joins the balancer
    // only at the roll, as a rollout with maxSurge 1 and maxUnavailable 0 adds the new pod once it
    // is Ready and only then terminates an old one.
    try (BatonProcess a = BatonProcess.start(config); BatonProcess b = BatonProcess.start(config);
        BatonProcess c = BatonProcess.start(config)) {
      RoundRobinBalancer lb = Await.get(RoundRobinBalancer.start(bed.vertx(), "127.0.0.1", 0, 100));
      bed.closeAfter(() -> Await.get(lb.close()));
      String aId = "127.0.0.1:" + a.port();
      String cId = "127.0.0.1:" + c.port();
      lb.add("127.0.0.1", a.port());
      lb.add("127.0.0.1", b.port());
      Await.until("both replicas are ready", () -> lb.ready().size() == 2, PATIENCE);
      Await.until("the new replica's JVM is ready too", () -> ready(c.port()),
          PATIENCE);
      // One connection per request: a kept-alive connection would stay on the replica it reached.
      HttpClient client = bed.vertx().createHttpClient(new HttpClientOptions().setKeepAlive(false),
          new PoolOptions().setHttp1MaxSize(2 * STREAMS));

      List<Future<String>> streams = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        streams.add(post(client, lb.port(), true));
      }
      Await.until("50 streams run", () -> streaming.get() == STREAMS, PATIENCE);
      Queue<String> failures = new ConcurrentLinkedQueue<>();
      AtomicInteger answered = new AtomicInteger();
      List<Future<String>> trickle = new CopyOnWriteArrayList<>();
      long timer = bed.vertx().setPeriodic(20, id -> trickle.add(post(client, lb.port(), false)
          .onSuccess(body -> answered.incrementAndGet())
          .onFailure(err -> failures.add(err.toString()))));
      lb.add("127.0.0.1", c.port());
      Await.until("the new replica is ready", () -> lb.ready().contains(cId), PATIENCE);

      long terminated = System.nanoTime();
      assertThat(streams).as("streams in flight at SIGTERM").noneMatch(Future::isComplete);
      long onA = lb.connections().get(aId);
      CompletableFuture<Long> exitedAt = a.exited();
      a.terminate();
      terminating.complete();
      AtomicLong outOfRotation = new AtomicLong();
      long watch = bed.vertx().setPeriodic(10, id -> {
        if (!lb.ready().contains(aId)) {
          outOfRotation.compareAndSet(0, System.nanoTime());
        }
      });
      assertThat(a.exitStatus(90)).as("the terminated replica exits 0").isZero();
      long exited = exitedAt.join();
      int answeredAtExit = answered.get();
      long onC = lb.connections().get(cId);
      Await.until("the new replica takes requests after the old one left", () ->
          lb.connections().get(cId) > onC + 10 && answered.get() > answeredAtExit + 20,
          PATIENCE);
      bed.vertx().cancelTimer(timer);
      bed.vertx().cancelTimer(watch);
      Await.get(Future.join(new ArrayList<Future<?>>(trickle)).otherwiseEmpty());

      for (Future<String> stream : streams) {
        String body = Await.get(stream);
        List<String> data = body.lines().filter(l -> l.startsWith("data: ")).toList();
        assertThat(data).as("a whole stream").hasSize(EVENTS + 1).last().isEqualTo("data: [DONE]");
        assertThat(body).as("no error event").doesNotContain("\"error\"");
      }
      assertThat(failures).as("requests that failed during the roll").isEmpty();
      System.out.printf("rolling restart: %d streams whole (%d connections on the terminated"
              + " replica at SIGTERM), %d trickle requests all 200; out of rotation %d ms and"
              + " exited 0 %d ms after SIGTERM; connections %s%n", streams.size(), onA,
          answered.get(), (outOfRotation.get() - terminated) / 1_000_000,
          (exited - terminated) / 1_000_000, lb.connections());
    }
  }

  private static boolean ready(int port) {
    try {
      return Http.get("http://127.0.0.1:" + port + "/ready").statusCode() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Sends one completion through the balancer; fails unless it is a 200. */
  private Future<String> post(HttpClient client, int port, boolean stream) {
    String body = "{\"model\":\"m\",\"prompt\":\"hello\",\"max_tokens\":" + EVENTS
        + ",\"stream\":" + stream + "}";
    return client.request(HttpMethod.POST, port, "127.0.0.1", "/v1/completions")
        .compose(req -> req.putHeader("content-type", "application/json").send(body))
        .compose(resp -> resp.body().compose(b -> resp.statusCode() == 200
            ? Future.succeededFuture(b.toString())
            : Future.failedFuture(resp.statusCode() + " " + b)));
  }

  private Path config(int... workers) throws Exception {
    StringBuilder yaml = new StringBuilder("""
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        shutdown: {drainDelay: 1s, timeout: 60s}
        healthChecks: {interval: 200ms}
        pools:
          - name: p
            models: [m]
            endpoints:
        """);
    for (int port : workers) {
      yaml.append("      - {url: \"http://127.0.0.1:").append(port).append("\"}\n");
    }
    return Files.writeString(dir.resolve("baton.yaml"), yaml);
  }

  /**
   * A worker answering its health probe, plain completions at once and streams of 5 s whose last
   * second waits for the SIGTERM.
   */
  private int worker() {
    HttpServer server = bed.vertx().createHttpServer().requestHandler(req -> {
      if (req.path().equals("/health")) {
        req.response().end();
      } else if (req.path().equals("/v1/completions")) {
        req.body().onSuccess(body -> answer(req.response(), body));
      } else {
        req.response().setStatusCode(404).end();
      }
    });
    Await.get(server.listen(0, "127.0.0.1"));
    bed.closeAfter(() -> Await.get(server.close()));
    return server.actualPort();
  }

  private void answer(HttpServerResponse response, Buffer body) {
    if (!body.toString().contains("\"stream\":true")) {
      response.putHeader("content-type", "application/json").end(ANSWER);
      return;
    }
    streaming.incrementAndGet();
    PacedStream.send(bed.vertx(), response, ANSWER, EVENTS, EVERY_MS, HELD_AT,
        terminating.future());
  }
}
