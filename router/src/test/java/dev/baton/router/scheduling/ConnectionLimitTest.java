package dev.baton.router.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.InFlightLease;
import dev.baton.router.endpoint.Role;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.router.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A server whose connections are all in use takes no new request: the scheduler picks another one,
 * and the server is back as soon as one call ends.
 */
class ConnectionLimitTest {
  private final Fixtures.Clock clock = new Fixtures.Clock();
  private final ProfileScheduler scheduler =
      ProfileScheduler.create(SchedulingConfig.defaults(), Fixtures.state(clock, 3));

  @Test
  void aFullServerIsSkippedUntilACallEnds() {
    EndpointState full = Fixtures.endpoint("full");
    EndpointState spare = Fixtures.endpoint("spare");
    full.connectionLimit(2);
    spare.connectionLimit(100);
    // "spare" is the busier one by every load signal, so only the limit can send requests away
    // from "full".
    Fixtures.inFlight(spare, 20, 1_000);
    Pool pool = Fixtures.pool(Disaggregation.OFF, full, spare);
    assertThat(pick(pool)).isSameAs(full);

    List<InFlightLease> held = new ArrayList<>();
    held.add(full.acquire(10));
    held.add(full.acquire(10));
    assertThat(full.saturated()).isTrue();
    assertThat(full.schedulable()).isFalse();
    assertThat(full.accepting()).isTrue();
    for (int i = 0; i < 5; i++) {
      assertThat(pick(pool)).isSameAs(spare);
    }

    held.remove(0).release();
    assertThat(full.saturated()).isFalse();
    assertThat(pick(pool)).isSameAs(full);
  }

  @Test
  void theLimitIsTheServersOverAllItsRanks() {
    EndpointState server = new EndpointState(new Endpoint("dp", "http", "10.0.0.9", 8000, Role.BOTH,
        Set.of(Fixtures.MODEL), Map.of(), 0, 4));
    server.candidates().get(3).connectionLimit(3);
    assertThat(server.connectionLimit()).isEqualTo(3);
    server.candidates().get(0).acquire(1);
    server.candidates().get(1).acquire(1);
    assertThat(server.candidates()).allMatch(EndpointState::schedulable);
    server.candidates().get(2).acquire(1);
    assertThat(server.candidates()).noneMatch(EndpointState::schedulable);
  }

  private EndpointState pick(Pool pool) {
    return scheduler.plan(Fixtures.request("hello " + System.nanoTime()), pool).orElseThrow()
        .decode();
  }
}
