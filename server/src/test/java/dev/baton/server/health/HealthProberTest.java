package dev.baton.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Health;
import dev.baton.server.scrape.Await;
import dev.baton.server.scrape.FixtureWorker;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthProberTest {
  private static final Duration INTERVAL = Duration.ofMillis(20);
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private final Vertx vertx = Vertx.vertx();
  private final List<FixtureWorker> workers = new ArrayList<>();
  private final List<HealthProber> probers = new ArrayList<>();

  @AfterEach
  void tearDown() {
    probers.forEach(p -> Await.result(p.close()));
    workers.forEach(FixtureWorker::close);
    Await.result(vertx.close());
  }

  @Test
  void flipsUnhealthyAfterConsecutiveFailuresAndBackAfterConsecutiveSuccesses() {
    FixtureWorker worker = worker();
    EndpointState state = worker.state();
    prober(config(2, 3), state);
    Await.until("healthy after the first probe", () -> state.health() == Health.HEALTHY);

    worker.healthStatus(503);
    Await.until("unhealthy", () -> state.health() == Health.UNHEALTHY);
    assertThat(worker.healthFailuresServed()).isGreaterThanOrEqualTo(3);
    assertThat(state.schedulable()).isFalse();

    worker.healthStatus(200);
    Await.until("healthy again", () -> state.health() == Health.HEALTHY);
    assertThat(state.schedulable()).isTrue();
  }

  @Test
  void fewerFailuresThanTheThresholdNeverTakeAnEndpointOut() {
    FixtureWorker worker = worker();
    EndpointState state = worker.state();
    // Had it gone unhealthy, a threshold of 1000 successes would keep it there for the whole test.
    HealthProber prober = prober(config(1000, 3), state);
    Await.until("healthy", () -> state.health() == Health.HEALTHY);

    worker.scriptHealth(503, 503);
    Await.until("the two failures served", worker::scriptDone);
    int successes = worker.healthSuccessesServed();
    Await.until("more successes", () -> worker.healthSuccessesServed() >= successes + 3);

    assertThat(state.health()).isEqualTo(Health.HEALTHY);
    assertThat(prober.consecutiveFailures(state.id())).contains(0);
  }

  @Test
  void fewerSuccessesThanTheThresholdNeverBringItBack() {
    FixtureWorker worker = worker().healthStatus(503);
    EndpointState state = worker.state();
    prober(config(3, 2), state);
    Await.until("unhealthy", () -> state.health() == Health.UNHEALTHY);

    worker.scriptHealth(200, 200);
    Await.until("the two successes served", worker::scriptDone);
    int failures = worker.healthFailuresServed();
    Await.until("more failures", () -> worker.healthFailuresServed() >= failures + 3);

    assertThat(state.health()).isEqualTo(Health.UNHEALTHY);
  }

  @Test
  void aProbeThatTimesOutIsAFailureAndProbesNeverOverlap() {
    FixtureWorker worker = worker();
    EndpointState state = worker.state();
    HealthProber prober = prober(config(2, 2), state);
    Await.until("healthy", () -> state.health() == Health.HEALTHY);

    worker.stall(true);
    Await.until("unhealthy after timeouts", () -> state.health() == Health.UNHEALTHY);
    assertThat(prober.consecutiveFailures(state.id()).orElseThrow()).isGreaterThanOrEqualTo(2);
    assertThat(worker.maxConcurrentRequests()).isEqualTo(1);
  }

  @Test
  void aWorkerThatIsGoneBecomesUnhealthy() {
    FixtureWorker worker = worker();
    EndpointState state = worker.state();
    prober(config(2, 3), state);
    Await.until("healthy", () -> state.health() == Health.HEALTHY);

    worker.close();
    workers.remove(worker);

    Await.until("unhealthy", () -> state.health() == Health.UNHEALTHY);
  }

  @Test
  void updateProbesNewEndpointsAtOnceAndStopsRemovedOnes() {
    FixtureWorker leaving = worker();
    FixtureWorker staying = worker().healthStatus(503);
    HealthProber prober = prober(config(2, 3), leaving.state(), staying.state());
    Await.until("first probes", () -> leaving.state().health() == Health.HEALTHY);
    Await.until("two failures on the staying one", () -> staying.healthFailuresServed() >= 2);

    FixtureWorker joining = worker();
    HealthCheckConfig slow =
        new HealthCheckConfig("/health", Duration.ofHours(1), TIMEOUT, 2, 3);
    Await.result(prober.update(slow, List.of(staying.state(), joining.state())));
    int leavingProbes = leaving.requests("/health");

    // With an hour between rounds, only update() itself can have probed the new endpoint.
    Await.until("the joining endpoint probed", () -> joining.state().health() == Health.HEALTHY);
    Await.result(prober.update(config(2, 3), List.of(staying.state(), joining.state())));
    Await.until("the staying endpoint unhealthy", () -> staying.state().health() == Health.UNHEALTHY);
    int joiningProbes = joining.requests("/health");
    Await.until("more rounds", () -> joining.requests("/health") >= joiningProbes + 5);
    assertThat(leaving.requests("/health")).isLessThanOrEqualTo(leavingProbes + 1);
    assertThat(prober.consecutiveFailures(leaving.state().id())).isEmpty();
  }

  private static HealthCheckConfig config(int healthy, int unhealthy) {
    return new HealthCheckConfig("/health", INTERVAL, TIMEOUT, healthy, unhealthy);
  }

  private FixtureWorker worker() {
    FixtureWorker worker = FixtureWorker.start(vertx);
    workers.add(worker);
    return worker;
  }

  private HealthProber prober(HealthCheckConfig config, EndpointState... endpoints) {
    HealthProber prober = new HealthProber(vertx, config);
    probers.add(prober);
    Await.result(prober.start(List.of(endpoints)));
    return prober;
  }
}
