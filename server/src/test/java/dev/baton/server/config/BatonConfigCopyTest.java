package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BatonConfig#toBuilder()}: a copy keeps every section it does not replace. */
class BatonConfigCopyTest {

  /** Every section away from its default, so a section the copy dropped would show. */
  private static final String EVERY_SECTION = """
      server: {port: 8123, maxBodyBytes: 1000000}
      timeouts: {connect: 3s}
      pools:
        - {name: p, models: [m], endpoints: [{url: "http://10.0.0.1:8000"}]}
      scheduling: {sessionHeader: x-conversation}
      healthChecks: {interval: 7s}
      metricsScrape: {interval: 70ms}
      admin: {port: 9123, token: secret}
      resilience: {retry: {maxRetries: 4}}
      admission: {maxInFlight: 77}
      auth: {keys: [{name: team-a, key: k-a}]}
      limits: {maxN: 3}
      policies:
        slow: {timeouts: {firstByte: 300s}}
      shutdown: {drainDelay: 1s}
      slo: {defaults: {ttftMs: 500}}
      hardwareClasses:
        a100: {costPerHour: 2}
      trace: {path: /tmp/baton-trace.jsonl, sampleRate: 0.5}
      """;

  private static BatonConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "baton.yaml", k -> null);
  }

  @Test
  void aCopyWithNothingReplacedEqualsTheOriginal() {
    BatonConfig original = parse(EVERY_SECTION);
    assertThat(original.trace()).isNotNull();
    assertThat(original.toBuilder().build()).isEqualTo(original);
  }

  @Test
  void aCopyReplacesOnlyTheSectionsItIsGiven() {
    BatonConfig original = parse(EVERY_SECTION);
    List<PoolConfig> pools = parse("""
        pools:
          - {name: q, models: [n], endpoints: [{url: "http://10.0.0.2:8000"}]}
        """).pools();

    BatonConfig copy = original.toBuilder()
        .server(original.server().withPort(0))
        .admin(original.admin().withPort(0))
        .pools(pools)
        .shutdown(ShutdownConfig.DEFAULTS)
        .trace(null)
        .build();

    assertThat(copy.server().port()).isZero();
    assertThat(copy.server().maxBodyBytes()).isEqualTo(original.server().maxBodyBytes());
    assertThat(copy.admin().port()).isZero();
    assertThat(copy.pools()).isEqualTo(pools);
    assertThat(copy.shutdown()).isEqualTo(ShutdownConfig.DEFAULTS);
    assertThat(copy.trace()).isNull();
    // The rest is the original's, the named policy sets and the default one included.
    assertThat(copy.scheduling()).isEqualTo(original.scheduling());
    assertThat(copy.timeouts().connect()).isEqualTo(Duration.ofSeconds(3));
    assertThat(copy.policies()).isEqualTo(original.policies());
    assertThat(copy.policy("slow").timeouts().firstByte()).isEqualTo(Duration.ofSeconds(300));
    assertThat(copy.slo()).isEqualTo(original.slo());
    assertThat(copy.hardwareClasses()).isEqualTo(original.hardwareClasses());
    assertThat(copy.auth()).isEqualTo(original.auth());
    assertThat(copy.toBuilder().trace(original.trace()).build().trace())
        .isEqualTo(original.trace());
  }

  @Test
  void aReplacedSchedulingSectionKeepsObjectivesAndHardwareClasses() {
    BatonConfig original = parse(EVERY_SECTION);
    BatonConfig copy = original.toBuilder()
        .scheduling(parse("scheduling: {sessionHeader: x-other}").scheduling())
        .build();
    assertThat(copy.scheduling().sessionHeader()).isEqualTo("x-other");
    assertThat(copy.slo()).isEqualTo(original.slo());
    assertThat(copy.hardwareClasses()).isEqualTo(original.hardwareClasses());
    assertThat(copy.trace()).isEqualTo(original.trace());
  }
}
