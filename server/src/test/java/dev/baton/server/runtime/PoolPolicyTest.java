package dev.baton.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each pool's route carries the policy set its YAML names. */
class PoolPolicyTest {

  @Test
  void eachRouteCarriesItsPoolsSet() {
    BatonConfig config = ConfigLoader.parse("""
        timeouts: {firstByte: 10s}
        policies:
          slow-prefill: {timeouts: {firstByte: 300s}}
        pools:
          - {name: big, models: [m70], policy: slow-prefill, endpoints: [{url: "http://10.0.0.1:8000"}]}
          - {name: small, models: [m8], endpoints: [{url: "http://10.0.0.2:8000"}]}
        """, "baton.yaml", k -> null);
    BatonRuntime runtime = RuntimeBuilder.build(config,
        ProfileScheduler.create(config.scheduling(), SchedulerState.create()));
    assertThat(runtime.route("m70").orElseThrow().workers().timeouts().firstByte())
        .isEqualTo(Duration.ofSeconds(300));
    assertThat(runtime.route("m8").orElseThrow().workers().timeouts().firstByte())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(runtime.route("m8").orElseThrow().workers()).isEqualTo(config.policy("default"));
  }
}
