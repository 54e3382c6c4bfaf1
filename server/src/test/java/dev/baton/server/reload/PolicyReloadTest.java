package dev.baton.server.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload that changes a pool's policy set, over real sockets and without a restart: new requests
 * get the new first-byte and idle timeouts while a stream that started before keeps the old ones,
 * and the endpoint the reload removed loses its breaker and gauges.
 */
class PolicyReloadTest {
  private static final String ANSWER = "{\"id\":\"x\",\"object\":\"text_completion\",\"choices\":"
      + "[{\"index\":0,\"text\":\"ok\",\"finish_reason\":\"stop\"}]}";

  @TempDir Path dir;
  private Vertx vertx;
  private ScriptedWorker streamer;
  private ScriptedWorker slowHeaders;
  private ScriptedWorker extra;
  private final List<ScriptedWorker.Exchange> held = new CopyOnWriteArrayList<>();
  private BatonServer baton;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    // Opens a stream with one token, then stays silent until the test goes on.
    streamer = ScriptedWorker.start(vertx, ex -> {
      ex.sseHead();
      ex.event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}");
      held.add(ex);
    });
    // Answers after 800ms: within a 10s first-byte timeout, past a 300ms one.
    slowHeaders = ScriptedWorker.start(vertx,
        ex -> vertx.setTimer(800, id -> ex.json(200, ANSWER)));
    extra = ScriptedWorker.start(vertx, ex -> ex.json(200, ANSWER));
  }

  @AfterEach
  void tearDown() {
    if (baton != null) {
      Await.get(baton.close());
    }
    streamer.close();
    slowHeaders.close();
    extra.close();
    Await.get(vertx.close());
  }

  private String config(String timeouts, boolean withExtra) {
    return """
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        policies:
          streaming: {timeouts: %s, retry: {maxRetries: 0}}
        pools:
          - {name: chat, models: [chat], policy: streaming, endpoints: [{url: "%s", id: streamer}]}
          - {name: heads, models: [heads], policy: streaming,
             endpoints: [{url: "%s", id: slow-headers}]}
        """.formatted(timeouts, streamer.url(), slowHeaders.url())
        + (withExtra ? "  - {name: other, models: [other], endpoints: [{url: \"" + extra.url()
            + "\", id: extra}]}\n" : "");
  }

  @Test
  void newRequestsTakeTheNewTimeoutsWhileAStartedStreamKeepsTheOld() throws Exception {
    Path file = dir.resolve("baton.yaml");
    Files.writeString(file, config("{firstByte: 10s, idle: 30s}", true));
    ConfigSource source = ConfigSource.of(file);
    baton = Await.get(BatonServer.start(vertx, source.load(), source));
    assertThat(complete("heads").statusCode()).as("800ms is within 10s").isEqualTo(200);
    assertThat(complete("other").statusCode()).isEqualTo(200);
    assertThat(baton.breakers().size()).isEqualTo(2);
    assertThat(metrics()).contains("endpoint=\"extra\"");

    CompletableFuture<HttpResponse<String>> before = openStream();
    Await.until("the first stream reached the worker", () -> held.size() == 1);

    Files.writeString(file, config("{firstByte: 300ms, idle: 300ms}", false));
    Await.get(baton.reload());

    // A stream started after the reload is cut once silent for 300ms.
    CompletableFuture<HttpResponse<String>> after = openStream();
    HttpResponse<String> cut = after.get(30, TimeUnit.SECONDS);
    assertThat(held).hasSize(2);
    assertThat(cut.body()).contains("\"a\"").contains("\"code\":\"worker_timeout\"");
    // The stream started before has been silent longer than that, and is still open under 30s.
    assertThat(before).isNotDone();
    ScriptedWorker.Exchange first = held.get(0);
    first.event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}");
    first.response().end("data: [DONE]\n\n");
    HttpResponse<String> finished = before.get(30, TimeUnit.SECONDS);
    assertThat(finished.statusCode()).isEqualTo(200);
    assertThat(finished.body()).contains("\"a\"").contains("\"b\"").contains("[DONE]")
        .doesNotContain("worker_timeout");

    // New requests wait 300ms for headers now.
    HttpResponse<String> late = complete("heads");
    assertThat(late.statusCode()).isEqualTo(504);
    // The removed endpoint's breaker and gauges are gone; the others keep theirs.
    assertThat(baton.breakers().size()).as("slow-headers and streamer").isEqualTo(2);
    assertThat(metrics()).doesNotContain("endpoint=\"extra\"").contains("endpoint=\"streamer\"");
  }

  private HttpResponse<String> complete(String model) {
    return Http.post(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"" + model + "\",\"prompt\":\"hello\",\"max_tokens\":4}");
  }

  private CompletableFuture<HttpResponse<String>> openStream() {
    return Http.postAsync(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"chat\",\"prompt\":\"hold\",\"stream\":true}");
  }

  private String metrics() {
    return Http.get(baton.adminUrl() + "/metrics").body();
  }
}
