package dev.baton.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.transfer.testing.ScriptedWorker;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spans leave Baton over OTLP/HTTP as the standard environment configures it: a collector stand-in
 * on loopback (a Vert.x server taking {@code POST /v1/traces}) receives the protobuf export of a
 * request's spans, in the client's trace.
 */
class OtlpExportTest {
  private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void aRequestsSpansReachAnOtlpHttpReceiver() {
    List<Buffer> exports = new CopyOnWriteArrayList<>();
    List<String> contentTypes = new CopyOnWriteArrayList<>();
    HttpServer collector = Await.get(bed.vertx().createHttpServer().requestHandler(req -> {
      if (!req.path().equals("/v1/traces")) {
        req.response().setStatusCode(404).end();
        return;
      }
      contentTypes.add(req.getHeader("content-type"));
      req.body().onSuccess(body -> {
        exports.add(body);
        req.response().putHeader("content-type", "application/x-protobuf").end();
      });
    }).listen(0, "127.0.0.1"));
    bed.closeAfter(() -> Await.get(collector.close()));
    ScriptedWorker worker = bed.worker(ex -> ex.json(200,
        "{\"id\":\"x\",\"object\":\"text_completion\",\"choices\":[]}"));
    Tracing tracing = Tracing.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "http://127.0.0.1:" + collector.actualPort() + "/v1/traces",
        "OTEL_BSP_SCHEDULE_DELAY", "20",
        "OTEL_SERVICE_NAME", "baton-under-test"));
    assertThat(tracing.enabled()).isTrue();
    BatonServer baton = Await.get(BatonServer.start(bed.vertx(),
        TestConfigs.aggregated(worker.url()), tracing));
    bed.closeAfter(() -> Await.get(baton.close()));

    assertThat(Http.post(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"" + TestConfigs.MODEL + "\",\"prompt\":\"hi\"}",
        Map.of("traceparent", "00-" + CLIENT_TRACE + "-00f067aa0ba902b7-01")).statusCode())
        .isEqualTo(200);

    Await.until("the collector received the request span", () -> exports.stream()
        .anyMatch(b -> contains(b, "POST /v1/completions".getBytes(StandardCharsets.UTF_8))));
    assertThat(contentTypes).allMatch("application/x-protobuf"::equals);
    Buffer export = exports.stream()
        .filter(b -> contains(b, "POST /v1/completions".getBytes(StandardCharsets.UTF_8)))
        .findFirst().orElseThrow();
    // Protobuf carries the ids as raw bytes and the names as UTF-8.
    assertThat(contains(export, HexFormat.of().parseHex(CLIENT_TRACE))).isTrue();
    assertThat(contains(export, "baton-under-test".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(exports.stream().anyMatch(b -> contains(b,
        "baton.decode".getBytes(StandardCharsets.UTF_8)))).isTrue();
  }

  private static boolean contains(Buffer buffer, byte[] needle) {
    byte[] hay = buffer.getBytes();
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
