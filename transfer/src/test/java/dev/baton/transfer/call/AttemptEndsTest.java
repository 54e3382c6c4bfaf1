package dev.baton.transfer.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.transfer.breaker.BreakerSettings;
import dev.baton.transfer.breaker.EndpointBreakers;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.relay.RelayCounters;
import dev.baton.transfer.relay.RelayOutcome;
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
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over real sockets, the decorators of the worker-call stack hear how each attempt ended through
 * {@link Attempt#onEnd}, once per attempt: the in-flight lease is back and the breaker has its
 * verdict before the client hears of a failure, and a failed-over call counts each attempt on its
 * own endpoint.
 */
class AttemptEndsTest {
  /** A breaker that opens on the first failure, so one failed attempt shows in its state. */
  private static final WorkerPolicy ONE_STRIKE = new WorkerPolicy(UpstreamTimeouts.DEFAULTS,
      WorkerPolicy.DEFAULTS.retry(),
      new BreakerSettings(true, 50f, 20, 10, 1, Duration.ofSeconds(30), 1));

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();
  private final EndpointBreakers breakers = new EndpointBreakers();

  private static EndpointState endpoint(String id, int port) {
    return new EndpointState(new Endpoint(id, "http", "127.0.0.1", port, Role.BOTH, Set.of("m"),
        Map.of()));
  }

  /** A port nothing listens on: connecting to it is refused. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private Front front(EndpointState first, Failover failover) {
    WorkerClient client = new WorkerClient(bed.vertx(), UpstreamTimeouts.DEFAULTS);
    bed.closeAfter(() -> Await.get(client.closeAsync()));
    SingleLegExchange single = new SingleLegExchange(new WorkerCalls(client,
        new ResponseRelay(bed.vertx(), new RelayCounters()), breakers, new RetryBudgets()));
    return bed.closeAfter(Front.start(bed.vertx(), (down, req, body) -> single.forward(down, first,
        UpstreamRequest.post("/v1/completions", HopByHop.endToEnd(req.headers()), body), 1,
        failover, () -> {}, ONE_STRIKE)));
  }

  @Test
  void aFailedAttemptsLeaseAndBreakerSettleBeforeTheClientHearsBack() throws IOException {
    EndpointState dead = endpoint("dead", closedPort());
    Front front = front(dead, Failover.NONE);
    HttpResponse<String> r = Http.post(front.url("/v1/completions"), "{\"prompt\":\"hi\"}");
    assertThat(r.statusCode()).isEqualTo(502);
    // No waiting: the error goes out after the attempt's end reached its decorators.
    assertThat(dead.inFlightRequests()).isZero();
    assertThat(breakers.state("dead")).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(front.attempts).containsExactly(
        new AttemptReport(Leg.DECODE, "dead", AttemptOutcome.UNREACHABLE, 0));
  }

  @Test
  void aFailedOverCallEndsEachAttemptOnItsOwnEndpoint() throws IOException {
    ScriptedWorker worker = bed.worker(ex -> ex.json(200, "{\"ok\":true}"));
    EndpointState dead = endpoint("dead", closedPort());
    EndpointState alive = endpoint("alive", worker.port());
    Front front = front(dead, tried -> tried.contains("alive") ? Optional.empty() : Optional.of(alive));
    HttpResponse<String> r = Http.post(front.url("/v1/completions"), "{\"prompt\":\"hi\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"ok\":true}");
    Await.until("the call ended", () -> front.outcomes.size() == 1);
    assertThat(front.outcomes).containsExactly(RelayOutcome.COMPLETED);
    assertThat(front.attempts).containsExactly(
        new AttemptReport(Leg.DECODE, "dead", AttemptOutcome.UNREACHABLE, 0),
        new AttemptReport(Leg.DECODE, "alive", AttemptOutcome.ANSWERED, 200));
    assertThat(dead.inFlightRequests()).isZero();
    assertThat(alive.inFlightRequests()).isZero();
    assertThat(breakers.state("dead")).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breakers.state("alive")).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(worker.requests.get()).isEqualTo(1);
  }
}
