package dev.baton.server.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission and limits follow a reload over real sockets: a request queued behind a full in-flight
 * limit is admitted when a reload raises the limit, and a new prompt limit applies to the next
 * request.
 */
class AdmissionReloadTest {
  @RegisterExtension final TestBed bed = new TestBed();
  @TempDir Path dir;

  private static String config(String workerUrl, int maxInFlight, int maxTokens) {
    return """
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        admission: {maxInFlight: %d, maxQueue: 10, queueTimeout: 60s}
        limits: {maxTokens: %d}
        pools:
          - {name: p, models: [m], endpoints: [{url: "%s"}]}
        """.formatted(maxInFlight, maxTokens, workerUrl);
  }

  @Test
  void aRaisedLimitAdmitsTheQueuedRequestAndNewLimitsApplyToTheNext() throws Exception {
    List<ScriptedWorker.Exchange> held = new CopyOnWriteArrayList<>();
    ScriptedWorker worker = bed.worker(ex -> {
      ex.sseHead();
      ex.event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}");
      held.add(ex);
    });
    Path file = dir.resolve("baton.yaml");
    Files.writeString(file, config(worker.url(), 1, 1000));
    ConfigSource source = ConfigSource.of(file);
    BatonServer baton = bed.baton(source.load(), source);

    CompletableFuture<HttpResponse<String>> first = stream(baton);
    Await.until("the first request holds the only slot", () -> held.size() == 1);
    CompletableFuture<HttpResponse<String>> second = stream(baton);
    Await.until("the second request waits in the queue",
        () -> Http.get(baton.adminUrl() + "/metrics").body().lines().anyMatch(l -> l.equals("baton_admission_queue_depth 1.0")));
    assertThat(held).hasSize(1);

    Files.writeString(file, config(worker.url(), 2, 10));
    Await.get(baton.reload());
    Await.until("the queued request reached the worker", () -> held.size() == 2);
    assertThat(Http.post(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":50}").statusCode())
        .as("the new maxTokens applies").isEqualTo(400);

    for (ScriptedWorker.Exchange ex : held) {
      ex.response().end("data: [DONE]\n\n");
    }
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  private static CompletableFuture<HttpResponse<String>> stream(BatonServer baton) {
    return Http.postAsync(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"m\",\"prompt\":\"hold\",\"max_tokens\":5,\"stream\":true}");
  }
}
