package dev.baton.server.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.config.ShutdownConfig;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.transfer.testing.RawClient;
import dev.baton.transfer.testing.ScriptedWorker;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What SIGTERM does (the serve command's signal handler calls {@link BatonServer#shutdown}), over
 * real sockets with scripted workers: readiness fails at once while liveness holds, Baton keeps
 * serving for the drain delay, then refuses connections; a stream in flight runs to its end, and
 * one still running at the deadline ends with an error event and {@code [DONE]}.
 */
class GracefulShutdownTest {
  private static final String STREAM = "{\"model\":\"" + TestConfigs.MODEL
      + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String COMPLETION = "{\"id\":\"c\",\"object\":\"chat.completion\","
      + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
      + "\"finish_reason\":\"stop\"}]}";
  private static final String CHUNK = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t\"}}]}";

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void aStreamInFlightFinishesWhileBatonDrainsAndNewConnectionsAreRefusedAfterTheDelay() {
    // 30 events 40 ms apart: about 1.2 s, well past the drain delay, well inside the timeout.
    ScriptedWorker worker = bed.worker(x -> streamEvents(x, 30, 40));
    BatonServer baton = start(worker, new ShutdownConfig(Duration.ofMillis(300),
        Duration.ofSeconds(20)));
    CompletableFuture<HttpResponse<String>> stream =
        Http.postAsync(baton.baseUrl() + "/v1/chat/completions", STREAM);
    Await.until("the worker streams", () -> worker.requests.get() == 1);

    Future<Void> down = baton.shutdown();

    HttpResponse<String> ready = Http.get(baton.baseUrl() + "/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(Http.error(ready).path("code").asText()).isEqualTo("shutting_down");
    assertThat(Http.get(baton.baseUrl() + "/health").statusCode()).isEqualTo(200);
    Await.until("the port refuses new connections", () -> refuses(baton.port()),
        Duration.ofSeconds(5));
    assertThat(stream).as("the stream still runs after the drain delay").isNotDone();

    HttpResponse<String> answer = stream.join();
    assertThat(answer.statusCode()).isEqualTo(200);
    List<String> events = events(answer.body());
    assertThat(events).hasSize(31).last().isEqualTo("[DONE]");
    assertThat(events).noneMatch(e -> e.contains("\"error\""));
    Await.get(down);
    assertThat(worker.hangUps.get()).isZero();
  }

  @Test
  void aStreamStillRunningAtTheTimeoutEndsWithAnErrorEventAndDone() {
    // Never ends on its own.
    ScriptedWorker worker = bed.worker(x -> streamEvents(x, Integer.MAX_VALUE, 30));
    BatonServer baton = start(worker, new ShutdownConfig(Duration.ofMillis(50),
        Duration.ofMillis(600)));
    CompletableFuture<HttpResponse<String>> stream =
        Http.postAsync(baton.baseUrl() + "/v1/chat/completions", STREAM);
    Await.until("the worker streams", () -> worker.requests.get() == 1);

    Await.get(baton.shutdown());

    HttpResponse<String> answer = stream.join();
    assertThat(answer.statusCode()).isEqualTo(200);
    List<String> events = events(answer.body());
    assertThat(events.size()).as("tokens relayed before the deadline").isGreaterThan(2);
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    assertThat(Http.json(events.get(events.size() - 2)).path("error").path("code").asText())
        .isEqualTo("shutting_down");
    assertThat(events.subList(0, events.size() - 2)).allMatch(e -> e.equals(CHUNK));
    Await.until("the worker sees its request cancelled", () -> worker.hangUps.get() == 1);
  }

  @Test
  void whileDrainingEveryHttp1AnswerClosesItsConnection() throws Exception {
    ScriptedWorker worker = bed.worker(x -> x.json(200, COMPLETION));
    BatonServer baton = start(worker, new ShutdownConfig(Duration.ofSeconds(3),
        Duration.ofSeconds(5)));
    String chat = "{\"model\":\"" + TestConfigs.MODEL
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: baton\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + chat.length() + "\r\n";
    try (RawClient client = RawClient.send(baton.port(), head, chat)) {
      RawClient.Response before = client.readResponse();
      assertThat(before.status()).isEqualTo(200);
      assertThat(before.header("connection")).as("kept alive before the drain").isNull();

      Future<Void> down = baton.shutdown();
      // The same keep-alive connection, as a load balancer's pool would reuse it.
      client.sendAgain(head, chat);
      RawClient.Response during = client.readResponse();

      assertThat(during.status()).as("still served during the drain delay").isEqualTo(200);
      assertThat(during.header("connection")).isEqualToIgnoringCase("close");
      assertThat(client.closedByPeer()).as("closed after the answer, not left idle").isTrue();
      Await.get(down);
    }
  }

  private BatonServer start(ScriptedWorker worker, ShutdownConfig shutdown) {
    BatonServer baton = Await.get(BatonServer.start(bed.vertx(),
        TestConfigs.aggregated(worker.url()).toBuilder().shutdown(shutdown).build()));
    bed.closeAfter(() -> Await.get(baton.close()));
    Await.until("Baton is ready", () -> Http.get(baton.baseUrl() + "/ready").statusCode() == 200);
    return baton;
  }

  /** Writes {@code count} chat chunks {@code everyMs} apart, then {@code [DONE]}. */
  private void streamEvents(ScriptedWorker.Exchange x, int count, long everyMs) {
    x.sseHead();
    int[] sent = {0};
    bed.vertx().setPeriodic(everyMs, id -> {
      if (x.response().closed() || x.response().ended()) {
        bed.vertx().cancelTimer(id);
      } else if (sent[0] == count) {
        bed.vertx().cancelTimer(id);
        x.response().end("data: [DONE]\n\n");
      } else {
        sent[0]++;
        x.event(CHUNK);
      }
    });
  }

  private static List<String> events(String body) {
    return body.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
  }

  private static boolean refuses(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
