package dev.baton.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.transfer.testing.ScriptedWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every SSE event reaches the client on its own, without waiting for the next: the worker sends an
 * event only after the client has read the one before, so an event Baton held back (buffered,
 * batched, waiting for a flush) would stop the stream.
 */
class EventByEventRelayTest {
  private static final int EVENTS = 5;
  private static final String BODY =
      "{\"model\":\"" + TestConfigs.MODEL + "\",\"prompt\":\"hi\",\"max_tokens\":5,\"stream\":true}";

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void theWorkerSendsEachEventOnlyAfterTheClientReadThePreviousOne() throws Exception {
    AtomicInteger read = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    ScriptedWorker worker = bed.worker(ex -> {
      ex.sseHead();
      bed.vertx().setPeriodic(2, id -> {
        if (sent.get() == EVENTS) {
          bed.vertx().cancelTimer(id);
          ex.response().end("data: [DONE]\n\n");
        } else if (read.get() == sent.get()) {
          ex.event("{\"choices\":[{\"index\":0,\"text\":\"t" + sent.incrementAndGet() + "\"}]}");
        }
      });
    });
    BatonServer baton = bed.baton(TestConfigs.aggregated(worker.url()));

    HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(baton.baseUrl() + "/v1/completions"))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> data = new ArrayList<>();
    CompletableFuture<Void> reading = CompletableFuture.runAsync(() ->
        response.body().filter(line -> line.startsWith("data: ")).forEach(line -> {
          data.add(line);
          if (line.startsWith("data: {")) {
            read.incrementAndGet();
          }
        }));
    // Bounded: an event held back until the next one would leave the stream stuck here.
    reading.get(20, TimeUnit.SECONDS);

    assertThat(data).hasSize(EVENTS + 1).last().isEqualTo("data: [DONE]");
    assertThat(read.get()).isEqualTo(EVENTS);
  }
}
