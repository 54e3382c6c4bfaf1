package dev.baton.transfer.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.transfer.breaker.BreakerSettings;
import dev.baton.transfer.call.WorkerPolicy;
import dev.baton.transfer.retry.RetrySettings;
import dev.baton.transfer.testing.Await;
import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.RawClient;
import dev.baton.transfer.testing.Rig;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two calls of a split request that used to bypass the worker-call stack, the non-streaming
 * decode whose answer is merged with the prefill's prompt parts and the release of a handle nobody
 * reads, now count against the decode worker's breaker like every other call.
 */
class ProtectedLegsTest {
  private static final String HANDLE = """
      {"id":"p","choices":[{"index":0,"text":"x","prompt_logprobs":[null]}],
       "kv_transfer_params":{"remote_block_ids":[1],"remote_engine_id":"e","remote_request_id":"r",
       "remote_host":"10.0.0.9","remote_port":5600}}""";
  private static final String STREAM = """
      {"model":"m","stream":true,"max_tokens":4000,"messages":[{"role":"user","content":"hi"}]}""";
  private static final RetrySettings NO_RETRIES =
      new RetrySettings(0, Duration.ZERO, Duration.ZERO, 0, 0, Duration.ofSeconds(10));

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();

  private static WorkerPolicy opensAfter(int failures) {
    return new WorkerPolicy(UpstreamTimeouts.DEFAULTS, NO_RETRIES,
        new BreakerSettings(true, 100f, 50, 50, failures, Duration.ofMinutes(1), 1));
  }

  @Test
  void failingMergedDecodesOpenTheDecodeBreaker() {
    ScriptedWorker prefill = bed.worker(ex -> ex.json(200, HANDLE));
    ScriptedWorker decode = bed.worker(ex -> ex.json(500, "{\"error\":{\"message\":\"boom\"}}"));
    Rig rig = Rig.builder().prefill(prefill.url()).decode(decode.url()).workers(opensAfter(2))
        .start(bed);
    String echo = "{\"model\":\"m\",\"prompt\":\"hi\",\"echo\":true,\"max_tokens\":3}";
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = Http.post(rig.url("/v1/completions"), echo);
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.body()).contains("boom");
    }
    assertThat(decode.requests.get()).isEqualTo(2);
    String decodeId = rig.endpoint(decode.url()).id();
    assertThat(rig.breakers.state(decodeId)).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(rig.endpoint(decode.url()).breakerOpen()).isTrue();
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
  }

  @Test
  void failingReleaseCallsOpenTheDecodeBreaker() throws Exception {
    ScriptedWorker prefill = bed.worker(ex -> ex.json(200, HANDLE));
    ScriptedWorker decode = bed.worker(ex -> {
      if (!ex.body().toJsonObject().getBoolean("stream", false)) {
        ex.json(500, "{\"error\":{\"message\":\"cannot release\"}}");
        return;
      }
      ex.sseHead();
      long timer = bed.vertx().setPeriodic(20, id -> ex.event("{\"n\":1}"));
      ex.response().closeHandler(v -> bed.vertx().cancelTimer(timer));
    });
    // One connection per worker: while stream A holds the decode connection, B's decode leg waits.
    Rig rig = Rig.builder().prefill(prefill.url()).decode(decode.url()).workers(opensAfter(1))
        .connectionsPerWorker(1).start(bed);
    String decodeId = rig.endpoint(decode.url()).id();
    RawClient a = RawClient.post(rig.front.port(), "/v1/chat/completions", STREAM);
    a.readUntil("data: {\"n\":1}");
    try (RawClient b = RawClient.post(rig.front.port(), "/v1/chat/completions", STREAM)) {
      Await.until("B's decode leg waits for the connection", () -> rig.counters.handoffs() == 2);
    }
    Await.until("B's handle queued for release", () -> rig.counters.releases() == 1);
    assertThat(rig.counters.clientsGoneBetweenLegs()).isEqualTo(1);
    assertThat(rig.breakers.state(decodeId)).isEqualTo(CircuitBreaker.State.CLOSED);
    a.close(); // frees the decode connection for the release
    Await.until("the failed release opened the breaker",
        () -> rig.breakers.state(decodeId) == CircuitBreaker.State.OPEN);
    assertThat(decode.bodies).anySatisfy(body -> {
      assertThat(body.getInteger("max_tokens")).isEqualTo(1);
      assertThat(body.getJsonObject("kv_transfer_params").getString("remote_request_id")).isEqualTo("r");
    });
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
  }
}
