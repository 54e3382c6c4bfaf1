package dev.baton.transfer.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.Rig;
import dev.baton.transfer.testing.ScriptedWorker;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over real sockets, a worker's answer reaches the client with its end-to-end headers only, added
 * straight to the client's response: not the worker's software, not hop-by-hop headers nor those
 * its {@code Connection} header names, for a stream and for an error answer alike.
 */
class RelayedHeadersTest {
  private static final String CHAT = "{\"model\":\"" + Rig.MODEL
      + "\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();

  private static void workerHeaders(ScriptedWorker.Exchange ex) {
    ex.response().putHeader("Server", "uvicorn").putHeader("X-Powered-By", "python")
        .putHeader("Connection", "keep-alive, X-Hop").putHeader("X-Hop", "1")
        .putHeader("Keep-Alive", "timeout=5");
    ex.response().headers().add("X-Kept", "yes").add("X-Kept", "twice");
  }

  private static void assertEndToEndOnly(HttpResponse<String> r) {
    assertThat(r.headers().allValues("x-kept")).containsExactly("yes", "twice");
    assertThat(r.headers().firstValue("x-request-id")).hasValue("rid-1");
    assertThat(r.headers().map().keySet())
        .doesNotContain("server", "x-powered-by", "x-hop", "keep-alive");
  }

  @Test
  void aStreamCarriesOnlyTheWorkersEndToEndHeaders() {
    ScriptedWorker worker = bed.worker(ex -> {
      workerHeaders(ex);
      ex.sseHead();
      ex.response().end("data: [DONE]\n\n");
    });
    Rig baton = Rig.builder().decode(worker.url()).start(bed);
    HttpResponse<String> r = Http.post(baton.url("/v1/chat/completions"), CHAT.formatted(true),
        Map.of("x-request-id", "rid-1"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("data: [DONE]\n\n");
    assertEndToEndOnly(r);
  }

  @Test
  void anErrorAnswerCarriesOnlyTheWorkersEndToEndHeaders() {
    ScriptedWorker worker = bed.worker(ex -> {
      workerHeaders(ex);
      ex.json(400, "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}");
    });
    Rig baton = Rig.builder().decode(worker.url()).start(bed);
    HttpResponse<String> r = Http.post(baton.url("/v1/chat/completions"), CHAT.formatted(false),
        Map.of("x-request-id", "rid-1"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("bad");
    assertEndToEndOnly(r);
  }
}
