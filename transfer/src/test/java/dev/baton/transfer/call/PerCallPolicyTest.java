package dev.baton.transfer.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.transfer.breaker.EndpointBreakers;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.relay.RelayCounters;
import dev.baton.transfer.relay.ResponseRelay;
import dev.baton.transfer.retry.RetryBudgets;
import dev.baton.transfer.testing.Await;
import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Front;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.transfer.upstream.HopByHop;
import dev.baton.transfer.upstream.UpstreamRequest;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import dev.baton.transfer.upstream.WorkerClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One worker-call stack, built once, applies the timeouts of each request's own policy: what lets
 * pools differ and a reload change timeouts for new requests while older ones keep theirs.
 */
class PerCallPolicyTest {
  private static final String BODY = "{\"model\":\"m\",\"prompt\":\"hi\"}";

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();

  /** A front whose every request runs under the timeouts named in its headers (milliseconds). */
  private Front front(ScriptedWorker worker) {
    WorkerClient client = bed.closeAfter(new WorkerClientCloser(
        new WorkerClient(bed.vertx(), UpstreamTimeouts.DEFAULTS))).client;
    SingleLegExchange single = new SingleLegExchange(new WorkerCalls(client,
        new ResponseRelay(bed.vertx(), new RelayCounters()), new EndpointBreakers(), new RetryBudgets()));
    EndpointState endpoint = new EndpointState(new Endpoint("w", "http", "127.0.0.1", worker.port(),
        Role.BOTH, Set.of("m"), Map.of()));
    return bed.closeAfter(Front.start(bed.vertx(), (down, req, body) -> {
      UpstreamTimeouts timeouts = new UpstreamTimeouts(Duration.ofSeconds(2),
          Duration.ofMillis(Long.parseLong(req.getHeader("x-first-byte-ms"))),
          Duration.ofMillis(Long.parseLong(req.getHeader("x-idle-ms"))));
      WorkerPolicy policy = new WorkerPolicy(timeouts, WorkerPolicy.DEFAULTS.retry(),
          WorkerPolicy.DEFAULTS.breaker());
      return single.forward(down, endpoint,
          UpstreamRequest.post("/v1/completions", HopByHop.endToEnd(req.headers()), body), 0,
          Failover.NONE, () -> {}, policy);
    }));
  }

  private static HttpResponse<String> send(Front front, long firstByteMs, long idleMs) {
    return Http.post(front.url("/v1/completions"), BODY,
        Map.of("x-first-byte-ms", Long.toString(firstByteMs), "x-idle-ms", Long.toString(idleMs)));
  }

  @Test
  void eachRequestWaitsForTheFirstByteAsLongAsItsOwnPolicySays() {
    ScriptedWorker slow = bed.worker(ex -> bed.vertx().setTimer(600, id -> {
      if (!ex.response().closed()) {
        ex.json(200, "{\"ok\":true}");
      }
    }));
    Front front = front(slow);
    HttpResponse<String> impatient = send(front, 150, 5000);
    assertThat(impatient.statusCode()).isEqualTo(504);
    assertThat(Http.error(impatient).get("code").asText()).isEqualTo("worker_timeout");
    HttpResponse<String> patient = send(front, 5000, 5000);
    assertThat(patient.statusCode()).isEqualTo(200);
    assertThat(patient.body()).isEqualTo("{\"ok\":true}");
  }

  @Test
  void eachStreamToleratesSilenceAsLongAsItsOwnPolicySays() {
    ScriptedWorker pausing = bed.worker(ex -> {
      ex.sseHead();
      ex.event("{\"n\":1}");
      bed.vertx().setTimer(600, id -> {
        if (!ex.response().closed()) {
          ex.event("{\"n\":2}");
          ex.response().end("data: [DONE]\n\n");
        }
      });
    });
    Front front = front(pausing);
    HttpResponse<String> strict = send(front, 5000, 150);
    assertThat(strict.body()).startsWith("data: {\"n\":1}\n\n").contains("\"code\":\"worker_timeout\"")
        .doesNotContain("\"n\":2");
    HttpResponse<String> lenient = send(front, 5000, 5000);
    assertThat(lenient.body()).isEqualTo("data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n");
    Await.until("both exchanges ended", () -> front.outcomes.size() == 2);
  }

  /** Closes a worker client after the test. */
  private record WorkerClientCloser(WorkerClient client) implements AutoCloseable {
    @Override
    public void close() {
      Await.get(client.closeAsync());
    }
  }
}
