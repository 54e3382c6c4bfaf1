package dev.baton.server.epp;

import static dev.baton.server.epp.EnvoyMessages.requestBody;
import static dev.baton.server.epp.EnvoyMessages.requestHeaders;
import static dev.baton.server.epp.EnvoyMessages.responseBody;
import static dev.baton.server.epp.EnvoyMessages.responseHeaders;
import static dev.baton.server.epp.EnvoyMessages.setHeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Health;
import dev.baton.router.endpoint.Role;
import dev.baton.server.admin.AdminConfig;
import dev.baton.server.admission.AdmissionConfig;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.server.health.HealthCheckConfig;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import io.envoyproxy.envoy.service.ext_proc.v3.ImmediateResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse.ResponseCase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the picker cannot route: the subset hint naming nothing eligible (503), admission refusing
 * (429 with Retry-After), the scheduler without a healthy endpoint (503, readiness NOT_SERVING),
 * an unknown model (404) and a malformed body (400). Each is an ImmediateResponse carrying the
 * OpenAI-shaped error, sent in place of the headers' answer (FULL_DUPLEX_STREAMED).
 */
class ExtProcRefusalsTest {
  @RegisterExtension final TestBed bed = new TestBed();

  private static final String CHAT = "{\"model\":\"" + TestConfigs.MODEL
      + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

  @Test
  void theSubsetHintNarrowsThePickAndAnEmptyIntersectionIs503() {
    SimWorker a = bed.sim(SimConfig.defaults());
    SimWorker b = bed.sim(SimConfig.defaults());
    EppHarness epp = EppHarness.start(bed, TestConfigs.aggregated(a.baseUrl(), b.baseUrl()),
        EppOptions.loopback());
    String onlyB = "127.0.0.1:" + b.port();
    for (int i = 0; i < 6; i++) {
      ProcessingResponse pick = ask(epp, EnvoyMessages.subsetHint(List.of(onlyB)), CHAT);
      assertThat(setHeader(pick.getRequestHeaders().getResponse(), GatewayHeaders.DESTINATION))
          .contains(onlyB);
    }
    ProcessingResponse refused =
        ask(epp, EnvoyMessages.subsetHint(List.of("10.0.0.9:8000")), CHAT);
    assertRefused(refused, 503, "no_healthy_worker");
  }

  @Test
  void admissionRefusalIs429WithRetryAfter() {
    SimWorker a = bed.sim(SimConfig.defaults());
    BatonConfig config = new BatonConfig(new ServerConfig("127.0.0.1", 0, null, null), null,
        List.of(new PoolConfig("pool", List.of(TestConfigs.MODEL), "none", null,
            List.of(new EndpointConfig(a.baseUrl(), Role.BOTH, null, null)))),
        null, null, null, AdminConfig.DEFAULTS.withPort(0), null,
        new AdmissionConfig(1, null, 0, null, null, null, null, null), null, null);
    EppHarness epp = EppHarness.start(bed, config, EppOptions.loopback());

    EnvoyStream holding = epp.stream();
    holding.send(requestHeaders("/v1/chat/completions", Map.of(), false).build());
    holding.send(requestBody(CHAT, true));
    assertThat(holding.next().getResponseCase()).isEqualTo(ResponseCase.REQUEST_HEADERS);
    holding.next();

    ProcessingResponse refused = ask(epp, null, CHAT);
    ImmediateResponse immediate = assertRefused(refused, 429, "server_overloaded");
    assertThat(immediate.getHeaders().getSetHeadersList())
        .anyMatch(h -> h.getHeader().getKey().equals("retry-after"));

    // The first request's answer ends: its slot is free again.
    holding.send(responseHeaders(200, "text/event-stream", null));
    holding.next();
    holding.send(responseBody("data: [DONE]\n\n", true));
    holding.next();
    holding.finish();
    assertThat(ask(epp, null, CHAT).getResponseCase()).isEqualTo(ResponseCase.REQUEST_HEADERS);
  }

  @Test
  void aQueuedRequestLeavesTheQueueWhenTheGatewaysStreamEnds() {
    SimWorker a = bed.sim(SimConfig.defaults());
    BatonConfig config = new BatonConfig(new ServerConfig("127.0.0.1", 0, null, null), null,
        List.of(new PoolConfig("pool", List.of(TestConfigs.MODEL), "none", null,
            List.of(new EndpointConfig(a.baseUrl(), Role.BOTH, null, null)))),
        null, null, null, AdminConfig.DEFAULTS.withPort(0), null,
        new AdmissionConfig(1, null, 4, null, null, null, null, null), null, null);
    EppHarness epp = EppHarness.start(bed, config, EppOptions.loopback());
    EnvoyStream holding = epp.stream();
    holding.send(requestHeaders("/v1/chat/completions", Map.of(), false).build());
    holding.send(requestBody(CHAT, true));
    holding.next();
    holding.next();

    EnvoyStream queued = epp.stream();
    queued.send(requestHeaders("/v1/chat/completions", Map.of(), false).build());
    queued.send(requestBody(CHAT, true));
    Await.until("the second request waits for admission", () -> queueDepth(epp) == 1);
    queued.cancel();
    Await.until("it left the queue with its stream", () -> queueDepth(epp) == 0);

    holding.send(responseHeaders(200, "text/event-stream", null));
    holding.next();
    holding.send(responseBody("data: [DONE]\n\n", true));
    holding.next();
    holding.finish();
    assertThat(ask(epp, null, CHAT).getResponseCase()).isEqualTo(ResponseCase.REQUEST_HEADERS);
  }

  private static double queueDepth(EppHarness epp) {
    return epp.epp().metrics().registry().get("baton.admission.queue.depth").gauge().value();
  }

  @Test
  void aSchedulerWithoutAHealthyEndpointRefusesWith503AndIsNotReady() {
    SimWorker a = bed.sim(SimConfig.defaults());
    BatonConfig config = new BatonConfig(new ServerConfig("127.0.0.1", 0, null, null), null,
        List.of(new PoolConfig("pool", List.of(TestConfigs.MODEL), "none", null,
            List.of(new EndpointConfig(a.baseUrl(), Role.BOTH, null, null)))),
        null, new HealthCheckConfig(null, Duration.ofMillis(50), null, 1, 1), null);
    EppHarness epp = EppHarness.start(bed, config, EppOptions.loopback());
    assertThat(epp.health(GrpcHealth.READINESS)).isEqualTo("SERVING");
    assertThat(epp.health(ExtProcServer.SERVICE)).isEqualTo("SERVING");

    a.healthy(false);
    Await.until("the endpoint is marked unhealthy", () -> epp.epp().runtime().get().endpoints()
        .allMatch(e -> e.health() == Health.UNHEALTHY));
    assertRefused(ask(epp, null, CHAT), 503, "no_healthy_worker");
    assertThat(epp.health(GrpcHealth.READINESS)).isEqualTo("NOT_SERVING");
    assertThat(epp.health(GrpcHealth.LIVENESS)).isEqualTo("SERVING");
    assertThat(epp.health("no.such.Service")).isEqualTo("NOT_FOUND");
  }

  @Test
  void anUnknownModelIs404AndAMalformedBodyIs400() {
    SimWorker a = bed.sim(SimConfig.defaults());
    EppHarness epp = EppHarness.start(bed, TestConfigs.aggregated(a.baseUrl()), EppOptions.loopback());
    assertRefused(ask(epp, null, CHAT.replace(TestConfigs.MODEL, "nobody-serves-this")), 404,
        "model_not_found");
    assertRefused(ask(epp, null, "{\"model\": "), 400, null);
  }

  /** One request, headers then its whole body; the picker's first answer. */
  private static ProcessingResponse ask(EppHarness epp,
      io.envoyproxy.envoy.config.core.v3.Metadata metadata, String body) {
    EnvoyStream envoy = epp.stream();
    var headers = requestHeaders("/v1/chat/completions", Map.of(), false);
    if (metadata != null) {
      headers.setMetadataContext(metadata);
    }
    envoy.send(headers.build());
    envoy.send(requestBody(body, true));
    ProcessingResponse first = envoy.next();
    if (first.getResponseCase() == ResponseCase.REQUEST_HEADERS) {
      envoy.next();
      // The exchange ends before any answer: the gateway closes the stream.
    }
    envoy.finish();
    return first;
  }

  private static ImmediateResponse assertRefused(ProcessingResponse response, int status,
      String code) {
    assertThat(response.getResponseCase()).isEqualTo(ResponseCase.IMMEDIATE_RESPONSE);
    ImmediateResponse immediate = response.getImmediateResponse();
    assertThat(immediate.getStatus().getCodeValue()).isEqualTo(status);
    String body = immediate.getBody().toStringUtf8();
    assertThat(body).startsWith("{\"error\":{\"message\":");
    if (code != null) {
      assertThat(body).contains("\"code\":\"" + code + "\"");
    }
    return immediate;
  }
}
