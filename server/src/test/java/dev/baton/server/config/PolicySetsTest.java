package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.transfer.breaker.BreakerSettings;
import dev.baton.transfer.call.WorkerPolicy;
import dev.baton.transfer.retry.RetrySettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Named policy sets: key-by-key inheritance, the default set, and errors where they are written. */
class PolicySetsTest {

  private static BatonConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "baton.yaml", k -> null);
  }

  private static List<String> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    return e.problems();
  }

  @Test
  void setsOverrideSingleKeysOfTheirBase() {
    BatonConfig c = parse("""
        timeouts: {connect: 1s}
        resilience: {retry: {maxRetries: 1}}
        policies:
          default: {timeouts: {idle: 20s}}
          slow-prefill: {timeouts: {firstByte: 300s}, breaker: {consecutiveFailures: 0}}
          slower: {baseConfig: slow-prefill, timeouts: {idle: 2m}}
        pools:
          - {name: big, models: [m70], policy: slower, endpoints: [{url: "http://10.0.0.1:8000"}]}
          - {name: small, models: [m8], endpoints: [{url: "http://10.0.0.2:8000"}]}
        """);
    WorkerPolicy theDefault = c.policy("default");
    assertThat(theDefault.timeouts().connect()).isEqualTo(Duration.ofSeconds(1));
    assertThat(theDefault.timeouts().idle()).isEqualTo(Duration.ofSeconds(20));
    assertThat(theDefault.timeouts().firstByte()).isEqualTo(Duration.ofSeconds(60));
    assertThat(theDefault.retry().maxRetries()).isEqualTo(1);
    // The top-level sections and the default set agree.
    assertThat(c.timeouts()).isEqualTo(theDefault.timeouts());
    assertThat(c.resilience().retry()).isEqualTo(theDefault.retry());

    WorkerPolicy slower = c.policy("slower");
    assertThat(slower.timeouts().firstByte()).isEqualTo(Duration.ofSeconds(300));
    assertThat(slower.timeouts().idle()).isEqualTo(Duration.ofMinutes(2));
    assertThat(slower.timeouts().connect()).isEqualTo(Duration.ofSeconds(1));
    assertThat(slower.breaker().consecutiveFailures()).isZero();
    assertThat(slower.breaker().windowSize()).isEqualTo(BreakerSettings.DEFAULTS.windowSize());
    assertThat(slower.retry()).isEqualTo(theDefault.retry());
    assertThat(c.pools().get(0).policy()).isEqualTo("slower");
    assertThat(c.pools().get(1).policy()).isEqualTo("default");
  }

  @Test
  void aPoolOverridesSingleKeysInline() {
    BatonConfig c = parse("""
        policies:
          slow-prefill: {timeouts: {firstByte: 300s}}
        pools:
          - name: big
            models: [m70]
            policy: {baseConfig: slow-prefill, timeouts: {idle: 2m}}
            endpoints: [{url: "http://10.0.0.1:8000"}]
          - {name: small, models: [m8], policy: {retry: {maxRetries: 0}}}
        """);
    PoolConfig big = c.pools().get(0);
    assertThat(big.policy()).isEqualTo("pool:big");
    assertThat(c.policy("pool:big").timeouts().firstByte()).isEqualTo(Duration.ofSeconds(300));
    assertThat(c.policy("pool:big").timeouts().idle()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.policy("pool:small").retry().maxRetries()).isZero();
    assertThat(c.policy("pool:small").timeouts()).isEqualTo(c.policy("default").timeouts());
    assertThat(problems("""
        pools:
          - {name: p, models: [m], policy: {baseConfig: nope, timeout: {idle: 1s}}}
        """)).containsExactlyInAnyOrder(
        "baton.yaml:2:37: pools[0].policy.baseConfig: unknown policy `nope` (known: default)",
        "baton.yaml:2:55: pools[0].policy.timeout: unknown key `timeout` (known here: baseConfig,"
            + " breaker, retry, timeouts)");
  }

  @Test
  void withoutPoliciesTheDefaultSetIsTheBuiltInDefaults() {
    BatonConfig c = parse("server: {port: 0}");
    assertThat(c.policies()).containsOnlyKeys("default");
    assertThat(c.policy("default")).isEqualTo(WorkerPolicy.DEFAULTS);
    assertThat(c.policy("default").retry()).isEqualTo(RetrySettings.DEFAULTS);
  }

  @Test
  void mistakesAreReportedOnceWhereTheyAreWritten() {
    List<String> problems = problems("""
        timeouts:
          idle: 0s
        policies:
          default:
            retry: {maxRetries: two}
          fast:
            timeouts: {firstbyte: 1s}
          loop-a: {baseConfig: loop-b}
          loop-b: {baseConfig: loop-a}
          orphan: {baseConfig: nowhere}
          strict: {breaker: {failureRateThreshold: 150}}
        pools:
          - name: p
            models: [m]
            policy: fsat
        """);
    assertThat(problems).containsExactlyInAnyOrder(
        "baton.yaml:2:3: timeouts.idle: must be > 0",
        "baton.yaml:5:13: policies.default.retry.maxRetries: expected a whole number (unquoted)",
        "baton.yaml:7:16: policies.fast.timeouts.firstbyte: unknown key `firstbyte` (known here:"
            + " connect, firstByte, idle)",
        "baton.yaml:8:12: policies.loop-a.baseConfig: baseConfig cycle: loop-a -> loop-b -> loop-a",
        "baton.yaml:10:12: policies.orphan.baseConfig: unknown policy `nowhere` (known: default,"
            + " fast, loop-a, loop-b, orphan, strict)",
        "baton.yaml:11:12: policies.strict.breaker: failureRateThreshold must be in (0, 100]",
        "baton.yaml:15:5: pools[0].policy: unknown policy `fsat` (known: default, fast, loop-a,"
            + " loop-b, orphan, strict)");
  }
}
