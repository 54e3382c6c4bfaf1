package dev.baton.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.transfer.testing.ScriptedWorker;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Readiness waits for a worker's first answered health probe; liveness does not. */
class ReadinessTest {
  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void aWorkerThatNeverAnsweredItsProbeDoesNotMakeBatonReady() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    BatonServer baton = bed.baton(TestConfigs.aggregated("http://127.0.0.1:" + closedPort));
    String id = baton.runtime().get().endpoints().findFirst().orElseThrow().id();
    Await.until("a probe failed", () -> baton.liveState().healthProber()
        .consecutiveFailures(id).orElse(0) >= 1);

    HttpResponse<String> ready = Http.get(baton.baseUrl() + "/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(Http.error(ready).path("code").asText()).isEqualTo("not_ready");
    assertThat(Http.get(baton.baseUrl() + "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void aWorkerAnsweringItsProbeMakesBatonReady() {
    ScriptedWorker worker = bed.worker(x -> x.json(200, "{}"));
    BatonServer baton = bed.baton(TestConfigs.aggregated(worker.url()));
    Await.until("ready", () -> Http.get(baton.baseUrl() + "/ready").statusCode() == 200);
    assertThat(Http.json(Http.get(baton.baseUrl() + "/ready").body()).path("status").asText())
        .isEqualTo("ready");
  }
}
