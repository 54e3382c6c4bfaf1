package dev.baton.router.scheduling;

import static dev.baton.router.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.DataParallelRank;
import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Health;
import dev.baton.router.endpoint.InFlightLease;
import dev.baton.router.endpoint.Role;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.router.testing.Fixtures;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A server with data-parallel ranks is one candidate per rank, one server for health. */
class DataParallelRanksTest {
  private final Fixtures.Clock clock = new Fixtures.Clock();
  private final SchedulerState state = Fixtures.state(clock, 7);
  private final ProfileScheduler scheduler =
      ProfileScheduler.create(SchedulingConfig.defaults(), state);

  private static EndpointState server(String id, int ranks) {
    return new EndpointState(new Endpoint(id, "http", "10.0.0.1", 8000, Role.BOTH,
        Set.of(Fixtures.MODEL), Map.of(), 0, ranks));
  }

  @Test
  void ranksAreCandidatesThatShareTheServersHealthDrainAndBreaker() {
    EndpointState server = server("w1", 4);
    List<EndpointState> ranks = server.candidates();
    assertThat(ranks).extracting(EndpointState::rank).containsExactly(
        new DataParallelRank(0, 4), new DataParallelRank(1, 4), new DataParallelRank(2, 4),
        new DataParallelRank(3, 4));
    assertThat(ranks).extracting(EndpointState::id).containsOnly("w1");
    assertThat(ranks).extracting(EndpointState::cacheId).doesNotHaveDuplicates()
        .doesNotContain("w1");
    assertThat(ranks).allMatch(r -> r.server() == server);

    ranks.get(2).breakerOpen(true);
    assertThat(server.breakerOpen()).isTrue();
    assertThat(ranks).noneMatch(EndpointState::schedulable);
    ranks.get(2).breakerOpen(false);
    server.health(Health.UNHEALTHY);
    assertThat(ranks).extracting(EndpointState::health).containsOnly(Health.UNHEALTHY);

    InFlightLease lease = ranks.get(1).acquire(100);
    assertThat(ranks.get(1).inFlightRequests()).isEqualTo(1);
    assertThat(ranks.get(0).inFlightRequests()).isZero();
    assertThat(server.inFlightTokens()).isEqualTo(100);
    lease.release();
    assertThat(server.inFlightRequests()).isZero();
    assertThat(ranks.get(1).inFlightRequests()).isZero();
  }

  @Test
  void aServerWithoutRanksIsItsOwnSoleCandidate() {
    EndpointState plain = Fixtures.endpoint("plain");
    assertThat(plain.candidates()).containsExactly(plain);
    assertThat(plain.rank()).isEqualTo(DataParallelRank.SOLE);
    assertThat(plain.rank().pinned()).isFalse();
    assertThat(plain.cacheId()).isEqualTo("plain");
  }

  @Test
  void aSharedPrefixReturnsToTheRankThatHoldsItAndNewPrefixesSpreadOverRanks() {
    EndpointState server = server("w1", 4);
    Pool pool = Fixtures.pool(Disaggregation.OFF, server);
    Set<Integer> firstRanks = new HashSet<>();
    for (int p = 0; p < 8; p++) {
      String prefix = Fixtures.text(p, 2_000);
      int first = pick(pool, prefix + " question 0");
      firstRanks.add(first);
      for (int q = 1; q < 4; q++) {
        assertThat(pick(pool, prefix + " question " + q)).as("prefix %d", p).isEqualTo(first);
      }
    }
    assertThat(firstRanks).as("new prefixes go to different ranks").hasSize(4);
  }

  @Test
  void theLeastLoadedRankTakesARequestWithoutCachedPrefix() {
    EndpointState server = server("w1", 3);
    List<EndpointState> ranks = server.candidates();
    ranks.get(0).load(Fixtures.load(30, 10, 0.9, T0));
    ranks.get(1).load(Fixtures.load(2, 0, 0.1, T0));
    ranks.get(2).load(Fixtures.load(30, 10, 0.9, T0));
    Pool pool = Fixtures.pool(Disaggregation.OFF, server);
    assertThat(pick(pool, "a short prompt")).isEqualTo(1);
  }

  @Test
  void unhealthyServerOffersNoRankAndExcludingItsIdExcludesEveryRank() {
    EndpointState sick = server("sick", 2);
    sick.health(Health.UNHEALTHY);
    EndpointState other = server("other", 2);
    Pool pool = Fixtures.pool(Disaggregation.OFF, sick, other);
    for (int i = 0; i < 10; i++) {
      assertThat(scheduler.pick(Phase.DECODE, Fixtures.request("p" + i), pool, Set.of()))
          .map(EndpointState::id).contains("other");
    }
    assertThat(scheduler.pick(Phase.DECODE, Fixtures.request("x"), pool, Set.of("other")))
        .isEmpty();
  }

  @Test
  void aReloadKeepsWhatEachRankHoldsWhileItsServerStays() {
    EndpointState server = server("w1", 4);
    Pool pool = Fixtures.pool(Disaggregation.OFF, server);
    String prefix = Fixtures.text(99, 2_000);
    int holder = pick(pool, prefix + " first");
    state.retainCandidates(List.of(server));
    assertThat(pick(pool, prefix + " second")).isEqualTo(holder);
    state.retainCandidates(List.of());
    assertThat(pick(pool, prefix + " third")).as("forgotten: a new prefix goes to an emptier rank")
        .isNotEqualTo(holder);
  }

  private int pick(Pool pool, String prompt) {
    return scheduler.plan(Fixtures.request(prompt), pool).orElseThrow().decode().rank().index();
  }
}
