package dev.baton.router.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.prefix.PrefixIndex;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.router.session.SessionTable;
import dev.baton.router.testing.Fixtures;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What must survive a config reload does: the index and sessions live in the state. */
class SchedulerStateTest {
  private static final PrefixIndex.Settings SETTINGS = new PrefixIndex.Settings(64, 256, 5_000, 16);

  @Test
  void theSameSettingsGiveTheSameIndexSoAReloadKeepsWhatWasLearned() {
    SchedulerState state = SchedulerState.create();
    PrefixIndex first = state.prefixIndex(SETTINGS);
    assertThat(state.prefixIndex(new PrefixIndex.Settings(64, 256, 5_000, 16))).isSameAs(first);
    assertThat(state.prefixIndex(new PrefixIndex.Settings(32, 256, 5_000, 16)))
        .as("new block size: old hashes would not match").isNotSameAs(first);
  }

  @Test
  void sessionsSurviveAndTakeNewLimits() {
    SchedulerState state = SchedulerState.create();
    SessionTable table = state.sessions(10, 1_000);
    table.bind("s", "a", 0);
    SessionTable again = state.sessions(20, 5_000);
    assertThat(again).isSameAs(table);
    assertThat(again.endpointOf("s", 4_000)).isEqualTo("a");
  }

  @Test
  void aNewSchedulerOnTheSameStateRemembersPrefixes() {
    Fixtures.Clock clock = new Fixtures.Clock();
    SchedulerState state = Fixtures.state(clock, 5);
    Pool pool = Fixtures.pool(Disaggregation.OFF, Fixtures.endpoint("a"),
        Fixtures.endpoint("b"), Fixtures.endpoint("c"));
    String prompt = Fixtures.text(3, 3_000);
    String first = ProfileScheduler.create(SchedulingConfig.defaults(), state)
        .plan(Fixtures.request(prompt), pool).orElseThrow().decode().id();
    ProfileScheduler reloaded = ProfileScheduler.create(SchedulingConfig.defaults(), state);
    for (int i = 0; i < 5; i++) {
      RoutingPlan plan = reloaded.plan(Fixtures.request(prompt), pool).orElseThrow();
      assertThat(plan.decode().id()).isEqualTo(first);
      assertThat(plan.estimatedUncachedTokens()).isLessThan(20);
    }
    state.retainEndpoints(first.equals("a") ? Set.of("b", "c") : Set.of("a"));
    assertThat(reloaded.plan(Fixtures.request(prompt), pool).orElseThrow()
        .estimatedUncachedTokens()).as("forgotten with its endpoint").isEqualTo(750);
  }
}
