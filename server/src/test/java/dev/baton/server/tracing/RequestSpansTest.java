package dev.baton.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.transfer.testing.ScriptedWorker;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Baton's spans over real sockets, caught by the SDK's in-memory exporter: a request span that
 * continues the client's trace, with the admission wait, the scheduling, both legs of a split
 * request and the relay as its children, and the workers' {@code traceparent} naming it as parent.
 */
class RequestSpansTest {
  private static final String CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String CLIENT_SPAN = "b7ad6b7169203331";

  @RegisterExtension final TestBed bed = new TestBed();
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();

  @AfterEach
  void closeSdk() {
    sdk.close();
  }

  @Test
  void aSplitStreamIsOneTraceWithItsAdmissionSchedulingLegsAndRelay() {
    SimWorker prefill = bed.sim(SimConfig.defaults().withModel(TestConfigs.MODEL));
    SimWorker decode = bed.sim(SimConfig.defaults().withModel(TestConfigs.MODEL));
    BatonServer baton = Await.get(BatonServer.start(bed.vertx(), TestConfigs.nixlPair(
        TestConfigs.MODEL, null, prefill.baseUrl(), decode.baseUrl()), Tracing.of(sdk)));
    bed.closeAfter(() -> Await.get(baton.close()));

    HttpResponse<String> res = Http.post(baton.baseUrl() + "/v1/chat/completions",
        "{\"model\":\"" + TestConfigs.MODEL + "\",\"stream\":true,\"max_tokens\":4,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hand me the baton\"}]}",
        Map.of("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01"));
    assertThat(res.statusCode()).isEqualTo(200);

    Await.until("the request span ended", () -> exporter.getFinishedSpanItems().stream()
        .anyMatch(s -> s.getKind() == SpanKind.SERVER));
    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData request = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst()
        .orElseThrow();
    assertThat(request.getName()).isEqualTo("POST /v1/chat/completions");
    assertThat(request.getTraceId()).isEqualTo(CLIENT_TRACE);
    assertThat(request.getParentSpanId()).isEqualTo(CLIENT_SPAN);
    assertThat(request.getAttributes().asMap().values()).contains(TestConfigs.MODEL, 200L, "split");

    Map<String, SpanData> children = spans.stream()
        .filter(s -> s.getParentSpanId().equals(request.getSpanId()))
        .collect(Collectors.toMap(SpanData::getName, s -> s));
    assertThat(children).containsOnlyKeys("baton.admission", "baton.schedule", "baton.prefill",
        "baton.decode", "baton.relay");
    assertThat(children.get("baton.prefill").getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(children.get("baton.decode").getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(children.get("baton.prefill").getAttributes().asMap().values())
        .contains("handed_off");
    assertThat(children.get("baton.decode").getAttributes().asMap()).hasSize(1);
    // In order, and inside the request.
    assertThat(children.get("baton.schedule").getStartEpochNanos())
        .isGreaterThanOrEqualTo(children.get("baton.admission").getEndEpochNanos());
    assertThat(children.get("baton.prefill").getEndEpochNanos())
        .isLessThanOrEqualTo(children.get("baton.decode").getStartEpochNanos());
    assertThat(children.get("baton.relay").getEndEpochNanos())
        .isEqualTo(request.getEndEpochNanos());
    assertThat(children.values()).allSatisfy(s -> assertThat(s.getStartEpochNanos())
        .isGreaterThanOrEqualTo(request.getStartEpochNanos()));
  }

  @Test
  void workersGetBatonsRequestSpanAsTheirParent() {
    ScriptedWorker worker = bed.worker(ex -> ex.json(200,
        "{\"id\":\"x\",\"object\":\"text_completion\",\"choices\":[]}"));
    BatonServer baton = Await.get(BatonServer.start(bed.vertx(),
        TestConfigs.aggregated(worker.url()), Tracing.of(sdk)));
    bed.closeAfter(() -> Await.get(baton.close()));

    // Without a client trace Baton starts one, sampled as the SDK decides.
    assertThat(Http.post(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"" + TestConfigs.MODEL + "\",\"prompt\":\"hi\"}").statusCode()).isEqualTo(200);
    // The request span, not just any: its children can be exported before it (this failed once).
    Await.until("the request span ended", () -> exporter.getFinishedSpanItems().stream()
        .anyMatch(s -> s.getKind() == SpanKind.SERVER));
    SpanData request = exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(request.getParentSpanContext().isValid()).isFalse();
    assertThat(worker.postHeaders(0).get("traceparent"))
        .isEqualTo("00-" + request.getTraceId() + "-" + request.getSpanId() + "-01");
  }

  @Test
  void offUnlessTheEnvironmentAsksForIt() {
    assertThat(Tracing.configured(Map.<String, String>of()::get)).isFalse();
    assertThat(Tracing.configured(Map.of("OTEL_TRACES_EXPORTER", "none")::get)).isFalse();
    assertThat(Tracing.configured(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318",
        "OTEL_SDK_DISABLED", "true")::get)).isFalse();
    assertThat(Tracing.configured(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318")::get))
        .isTrue();
    assertThat(Tracing.configured(Map.of("OTEL_TRACES_EXPORTER", "otlp")::get)).isTrue();
    assertThat(Tracing.fromEnvironment(Map.of())).isSameAs(Tracing.OFF);
    assertThat(Tracing.OFF.start("00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01", "x")).isNull();
  }
}
