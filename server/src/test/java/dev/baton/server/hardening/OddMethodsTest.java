package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.transfer.testing.RawClient;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code CONNECT}, {@code TRACE} and {@code OPTIONS *} answered 500; now 405 and 400, OpenAI-shaped,
 * as often as a client asks, without holding anything.
 */
class OddMethodsTest {
  /** 60 rounds of the five odd requests below: 300 refusals on fresh connections. */
  private static final int ROUNDS = 60;

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void connectTraceAndAsteriskTargetsGetClearRefusals() throws Exception {
    ScriptedWorker worker = bed.worker(Hostile::ok);
    BatonServer baton = bed.baton(Hostile.config(worker, ""));
    Hostile.normalChatServed(baton, worker, Map.of());
    Baseline baseline = Baseline.take("odd methods", baton);

    for (int round = 0; round < ROUNDS; round++) {
      assertRefusedClearly(baton);
      if (round % 10 == 9) {
        Hostile.normalChatServed(baton, worker, Map.of());
      }
    }
    assertThat(worker.requests.get()).as("only the normal requests reached the worker")
        .isEqualTo(1 + ROUNDS / 10);
    baseline.assertReturned();
    Hostile.normalChatServed(baton, worker, Map.of());
  }

  private static void assertRefusedClearly(BatonServer baton) throws Exception {
    RawClient.Response connect = Hostile.raw(baton, "CONNECT 10.0.0.1:443 HTTP/1.1", "");
    assertThat(connect.status()).isEqualTo(405);
    assertThat(Hostile.error(connect).get("code").asText()).isEqualTo("method_not_allowed");

    RawClient.Response trace = Hostile.raw(baton, "TRACE /v1/chat/completions HTTP/1.1", "");
    assertThat(trace.status()).isEqualTo(405);
    Hostile.error(trace);

    RawClient.Response asterisk = Hostile.raw(baton, "OPTIONS * HTTP/1.1", "");
    assertThat(asterisk.status()).isEqualTo(400);
    assertThat(Hostile.error(asterisk).get("code").asText()).isEqualTo("invalid_path");

    // A known route with the wrong method is 405, an unknown one 404.
    RawClient.Response get = Hostile.raw(baton, "GET /v1/chat/completions HTTP/1.1", "");
    assertThat(get.status()).isEqualTo(405);
    Hostile.error(get);
    RawClient.Response unknown = Hostile.raw(baton, "GET /v1/nothing HTTP/1.1", "");
    assertThat(unknown.status()).isEqualTo(404);
    Hostile.error(unknown);
  }
}
