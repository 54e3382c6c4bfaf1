package dev.baton.server.dialects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.sim.FaultConfig;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * NIXL through Baton with one prefill and two decode sims, one of which answers every request with
 * a 503 before reading its handle: the decode legs it fails go on with the same handle to the other
 * decode, which pulls the blocks the prefill still holds. No prompt is prefilled twice, and each such
 * retry shows as {@code baton_pd_events_total{event="decode_retry"}}.
 */
class DecodeRetryEndToEndTest {
  private static final String MODEL = SimConfig.DEFAULT_MODEL;
  private static final Pattern DECODE_RETRIES =
      Pattern.compile("^baton_pd_events_total\\{event=\"decode_retry\"[^}]*} (\\S+)$", Pattern.MULTILINE);

  private Vertx vertx;
  private SimWorker prefill;
  private SimWorker broken;
  private SimWorker healthy;
  private BatonServer baton;

  @AfterEach
  void stop() {
    if (baton != null) {
      Await.get(baton.close());
    }
    Await.get(Future.join(prefill.close(), broken.close(), healthy.close()));
    Await.get(vertx.close());
  }

  @Test
  void aDecodeThatFailsBeforeItsFirstByteIsRetriedWithTheSameHandleElsewhere() {
    vertx = Vertx.vertx();
    SimConfig config = SimConfig.defaults().withSpeed(50);
    prefill = Await.get(SimWorker.start(vertx, config));
    broken = Await.get(SimWorker.start(vertx, config));
    healthy = Await.get(SimWorker.start(vertx, config));
    broken.faults(FaultConfig.none().withErrorRate(1.0).withErrorStatus(503));
    baton = Await.get(BatonServer.start(vertx, SimulatedPair.config("nixl", List.of(
        new EndpointConfig(prefill.baseUrl(), Role.PREFILL, null, null),
        new EndpointConfig(broken.baseUrl(), Role.DECODE, null, null),
        new EndpointConfig(healthy.baseUrl(), Role.DECODE, null, null)))));

    // Distinct prompts, so nothing pins them to one decode; until the broken one has had a leg.
    int sent = 0;
    while (broken.stats().requestsReceived() == 0 && sent < 30) {
      HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions",
          "{\"model\":\"" + MODEL + "\",\"stream\":true,\"max_tokens\":4,\"messages\":[{\"role\":"
              + "\"user\",\"content\":\"request " + sent + " about" + " relay batons".repeat(40) + "\"}]}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
      sent++;
    }
    long failedLegs = broken.stats().requestsReceived();
    assertThat(failedLegs).as("the broken decode got a leg").isPositive();
    assertThat(prefill.stats().requestsReceived()).as("each prompt prefilled once").isEqualTo(sent);
    assertThat(healthy.stats().kvTransfersIn()).as("every handle read by the healthy decode").isEqualTo(sent);
    assertThat(healthy.stats().localPrefillFallbacks()).isZero();
    Await.until("every decode retry counted", () -> decodeRetries() == failedLegs);
  }

  private double decodeRetries() {
    Matcher m = DECODE_RETRIES.matcher(Http.get(baton.adminUrl() + "/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
