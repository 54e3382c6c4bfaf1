package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The resilience, admission, auth and limits sections: defaults, values and strictness. */
class ResilienceSectionsConfigTest {

  @Test
  void absentSectionsGetSafeDefaults() {
    BatonConfig c = ConfigLoader.parse("server: {port: 0}", "t.yaml");
    assertThat(c.resilience().breaker().enabled()).isTrue();
    assertThat(c.resilience().retry().budgetRatio()).isEqualTo(0.2);
    assertThat(c.admission().priorities()).containsExactly("high", "normal", "low");
    assertThat(c.admission().priorityOf(null)).isEqualTo(1);
    assertThat(c.auth().keys()).isEmpty();
    assertThat(c.limits().rate().unlimited()).isTrue();
    assertThat(c.server().tls()).isNull();
  }

  @Test
  void everySectionReadsFromYaml() {
    BatonConfig c = ConfigLoader.parse("""
        server: {port: 0, tls: {certFile: /c.pem, keyFile: /k.pem}}
        resilience:
          breaker: {failureRateThreshold: 30, windowSize: 50, minimumCalls: 20, consecutiveFailures: 0, waitInOpen: 5s, halfOpenCalls: 3}
          retry: {maxRetries: 1, backoff: 10ms, maxBackoff: 1s, budgetRatio: 0.1, minRetriesPerWindow: 3, budgetWindow: 30s}
        admission:
          maxInFlight: 100
          poolMaxInFlight: {pd: 40}
          maxQueue: 50
          queueTimeout: 2s
          priorityHeader: x-class
          priorities: [gold, silver, bronze]
          defaultPriority: bronze
          tenantHeader: x-team
        auth:
          keys: [{name: a, key: "sk-1"}]
        limits:
          maxHeaders: 10
          rate: {requestsPerMinute: 5, tokensPerMinute: 1000}
          tenants: {a: {requestsPerMinute: 50}}
        pools:
          - {name: pd, models: [m], upstreamApiKey: "worker-key-1", forwardClientAuthorization: true,
             endpoints: [{url: "http://127.0.0.1:1", role: both}]}
        """, "t.yaml");
    assertThat(c.resilience().breaker().waitInOpen()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.resilience().retry().maxRetries()).isEqualTo(1);
    assertThat(c.admission().priorityOf("GOLD")).isZero();
    assertThat(c.admission().priorityOf("platinum")).isEqualTo(2);
    assertThat(c.admission().poolMaxInFlight()).containsEntry("pd", 40);
    assertThat(c.limits().rateOf("a").requestsPerMinute()).isEqualTo(50);
    assertThat(c.limits().rateOf("b").tokensPerMinute()).isEqualTo(1000L);
    assertThat(c.pools().get(0).upstreamApiKey()).isEqualTo("worker-key-1");
    assertThat(c.pools().get(0).toString()).doesNotContain("worker-key-1");
    assertThat(c.server().tls().keyFile()).isEqualTo("/k.pem");
  }

  @Test
  void badValuesAreErrorsThatSayWhere() {
    assertThatThrownBy(() -> ConfigLoader.parse("resilience: {breaker: {failureRateThreshold: 0}}", "t.yaml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("failureRateThreshold");
    assertThatThrownBy(() -> ConfigLoader.parse("admission: {maxQueue: 1, queueTimout: 1s}", "t.yaml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("queueTimout");
    assertThatThrownBy(() -> ConfigLoader.parse("admission: {defaultPriority: vip}", "t.yaml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("vip");
    assertThatThrownBy(() -> ConfigLoader.parse("auth: {keys: [{name: a}]}", "t.yaml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("key");
    assertThatThrownBy(() -> ConfigLoader.parse("limits: {maxJsonDepth: 0}", "t.yaml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("maxJsonDepth");
    assertThatThrownBy(() -> ConfigLoader.parse("server: {tls: {certFile: /c.pem}}", "t.yaml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("keyFile");
  }
}
