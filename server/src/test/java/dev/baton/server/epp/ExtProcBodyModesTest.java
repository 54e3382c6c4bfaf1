package dev.baton.server.epp;

import static dev.baton.server.epp.EnvoyMessages.requestBody;
import static dev.baton.server.epp.EnvoyMessages.requestHeaders;
import static dev.baton.server.epp.EnvoyMessages.responseBody;
import static dev.baton.server.epp.EnvoyMessages.responseHeaders;
import static dev.baton.server.epp.EnvoyMessages.setHeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse.ResponseCase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ext_proc conversation of a streaming chat request in each body mode, message by message as
 * Envoy's ext_proc filter has it (docs/gateway.md, "The conversation"; GIE proposal 004 for the
 * header and metadata). The picker's load accounting follows the exchange: the picked endpoint
 * holds the request from the pick until the response's last chunk.
 */
class ExtProcBodyModesTest {
  @RegisterExtension final TestBed bed = new TestBed();

  private static final String CHAT = "{\"model\":\"" + TestConfigs.MODEL
      + "\",\"stream\":true,\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"pass the baton\"}]}";
  private static final String FIRST = CHAT.substring(0, 30);
  private static final String REST = CHAT.substring(30);

  private List<SimWorker> sims;
  private EppHarness harness;

  @BeforeEach
  void start() {
    sims = List.of(bed.sim(SimConfig.defaults()), bed.sim(SimConfig.defaults()));
    harness = EppHarness.start(bed,
        TestConfigs.aggregated(sims.get(0).baseUrl(), sims.get(1).baseUrl()), EppOptions.loopback());
  }

  /**
   * FULL_DUPLEX_STREAMED: headers (no answer yet), body chunk, last body chunk; then the headers'
   * answer with the pick and the body streamed back whole; response headers and each response
   * chunk are echoed as streamed body.
   */
  @Test
  void fullDuplexStreamedAnswersTheHeadersOnceTheBodyEnded() {
    EnvoyStream envoy = harness.stream();
    envoy.send(requestHeaders("/v1/chat/completions", Map.of(), false).build());
    envoy.send(requestBody(FIRST, false));
    envoy.send(requestBody(REST, true));

    ProcessingResponse headers = envoy.next();
    assertThat(headers.getResponseCase()).isEqualTo(ResponseCase.REQUEST_HEADERS);
    CommonResponse pick = headers.getRequestHeaders().getResponse();
    String destination = setHeader(pick, GatewayHeaders.DESTINATION).orElseThrow();
    assertThat(destination).isIn(address(0), address(1));
    assertThat(EnvoyMessages.metadataDestination(headers)).isEqualTo(destination);
    assertThat(pick.getClearRouteCache()).isTrue();
    assertThat(setHeader(pick, "content-length")).contains(Integer.toString(CHAT.length()));
    assertThat(pick.getHeaderMutation().getRemoveHeadersList()).contains(GatewayHeaders.PREFILLER);

    ProcessingResponse body = envoy.next();
    assertThat(body.getResponseCase()).isEqualTo(ResponseCase.REQUEST_BODY);
    var streamed = body.getRequestBody().getResponse().getBodyMutation().getStreamedResponse();
    assertThat(streamed.getBody().toStringUtf8()).isEqualTo(CHAT);
    assertThat(streamed.getEndOfStream()).isTrue();
    EndpointState picked = endpoint(destination);
    assertThat(picked.inFlightRequests()).isEqualTo(1);

    envoy.send(responseHeaders(200, "text/event-stream", destination));
    assertThat(envoy.next().getResponseCase()).isEqualTo(ResponseCase.RESPONSE_HEADERS);
    String event = "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n";
    envoy.send(responseBody(event, false));
    ProcessingResponse echoed = envoy.next();
    assertThat(echoed.getResponseBody().getResponse().getBodyMutation().getStreamedResponse()
        .getBody().toStringUtf8()).isEqualTo(event);
    assertThat(picked.inFlightRequests()).isEqualTo(1);
    envoy.send(responseBody("data: [DONE]\n\n", true));
    assertThat(envoy.next().getResponseBody().getResponse().getBodyMutation()
        .getStreamedResponse().getEndOfStream()).isTrue();
    assertThat(picked.inFlightRequests()).isZero();
    envoy.finish();
  }

  /**
   * BUFFERED: the headers are answered at once and unchanged; the whole body comes in one message
   * and its answer carries the pick (Envoy still holds the headers); the response is answered
   * without mutation.
   */
  @Test
  void bufferedPutsThePickOnTheBodysAnswer() {
    EnvoyStream envoy = harness.stream();
    envoy.send(requestHeaders("/v1/chat/completions", Map.of(), false)
        .setProtocolConfig(EnvoyMessages.protocol(BodySendMode.BUFFERED, BodySendMode.BUFFERED,
            false)).build());
    ProcessingResponse headers = envoy.next();
    assertThat(headers.getResponseCase()).isEqualTo(ResponseCase.REQUEST_HEADERS);
    assertThat(headers.getRequestHeaders().getResponse().hasHeaderMutation()).isFalse();

    envoy.send(requestBody(CHAT, true));
    ProcessingResponse body = envoy.next();
    assertThat(body.getResponseCase()).isEqualTo(ResponseCase.REQUEST_BODY);
    CommonResponse pick = body.getRequestBody().getResponse();
    String destination = setHeader(pick, GatewayHeaders.DESTINATION).orElseThrow();
    assertThat(destination).isIn(address(0), address(1));
    assertThat(EnvoyMessages.metadataDestination(body)).isEqualTo(destination);
    assertThat(pick.hasBodyMutation()).as("the body goes on as the client sent it").isFalse();

    envoy.send(responseHeaders(200, "application/json", null));
    assertThat(envoy.next().getResponseCase()).isEqualTo(ResponseCase.RESPONSE_HEADERS);
    envoy.send(responseBody("{\"choices\":[]}", true));
    ProcessingResponse answer = envoy.next();
    assertThat(answer.getResponseCase()).isEqualTo(ResponseCase.RESPONSE_BODY);
    assertThat(answer.getResponseBody().getResponse().hasBodyMutation()).isFalse();
    assertThat(endpoint(destination).inFlightRequests()).isZero();
    envoy.finish();
  }

  /**
   * STREAMED with the body sent early: the headers' answer waits for the body's end and carries the
   * pick; each body chunk is then answered in place, unchanged.
   */
  @Test
  void streamedWithAnEarlyBodyAnswersEveryChunkAfterThePick() {
    EnvoyStream envoy = harness.stream();
    envoy.send(requestHeaders("/v1/chat/completions", Map.of(), false)
        .setProtocolConfig(EnvoyMessages.protocol(BodySendMode.STREAMED, BodySendMode.STREAMED,
            true)).build());
    envoy.send(requestBody(FIRST, false));
    envoy.send(requestBody(REST, true));
    ProcessingResponse headers = envoy.next();
    assertThat(setHeader(headers.getRequestHeaders().getResponse(), GatewayHeaders.DESTINATION))
        .isPresent();
    for (int chunk = 0; chunk < 2; chunk++) {
      ProcessingResponse body = envoy.next();
      assertThat(body.getResponseCase()).isEqualTo(ResponseCase.REQUEST_BODY);
      assertThat(body.getRequestBody().getResponse().hasBodyMutation()).isFalse();
    }
    envoy.send(responseHeaders(200, "text/event-stream", null));
    assertThat(envoy.next().getResponseCase()).isEqualTo(ResponseCase.RESPONSE_HEADERS);
    envoy.send(responseBody("data: [DONE]\n\n", true));
    assertThat(envoy.next().getResponseBody().getResponse().hasBodyMutation()).isFalse();
    envoy.finish();
  }

  /**
   * STREAMED without the early body: Envoy waits for the headers' answer before any body, so the
   * pick is made on the headers, with the model from {@code x-gateway-model-name}.
   */
  @Test
  void streamedWithoutTheBodyPicksOnTheModelHeader() {
    EnvoyStream envoy = harness.stream();
    envoy.send(requestHeaders("/v1/chat/completions",
        Map.of(GatewayHeaders.MODEL_NAME, TestConfigs.MODEL), false)
        .setProtocolConfig(EnvoyMessages.protocol(BodySendMode.STREAMED, BodySendMode.STREAMED,
            false)).build());
    ProcessingResponse headers = envoy.next();
    assertThat(setHeader(headers.getRequestHeaders().getResponse(), GatewayHeaders.DESTINATION)
        .orElseThrow()).isIn(address(0), address(1));
    envoy.send(requestBody(CHAT, true));
    assertThat(envoy.next().getResponseCase()).isEqualTo(ResponseCase.REQUEST_BODY);
    envoy.finish();
  }

  private String address(int sim) {
    return "127.0.0.1:" + sims.get(sim).port();
  }

  private EndpointState endpoint(String address) {
    return harness.epp().runtime().get().endpoints()
        .filter(e -> EndpointAddress.of(e).equals(address)).findFirst().orElseThrow();
  }
}
