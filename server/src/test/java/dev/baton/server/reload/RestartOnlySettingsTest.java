package dev.baton.server.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** A reload names the keys it cannot apply live, and only those. */
class RestartOnlySettingsTest {
  private static final String BASE = """
      server: {port: 8000}
      admin: {port: 9000}
      pools: [{name: p, models: [m], endpoints: [{url: "http://10.0.0.1:8000"}]}]
      """;

  private static BatonConfig load(String yaml) {
    return ConfigLoader.parse(yaml, "t.yaml", name -> null);
  }

  @Test
  void listenAddressesNeedARestartPoolsPoliciesAdmissionAndLimitsDoNot() {
    BatonConfig running = load(BASE);
    assertThat(RestartOnlySettings.changed(running, load(BASE))).isEmpty();
    assertThat(RestartOnlySettings.changed(running, load(BASE
        .replace("http://10.0.0.1:8000", "http://10.0.0.2:8000")))).isEmpty();
    assertThat(RestartOnlySettings.changed(running, load(BASE.replace("port: 8000", "port: 8001")
        .replace("port: 9000", "port: 9001") + "timeouts: {idle: 5s}\n")))
        .containsExactly("server.port", "admin.port");
    assertThat(RestartOnlySettings.changed(running, load(BASE + """
        timeouts: {idle: 5s}
        resilience: {retry: {maxRetries: 0}}
        policies: {slow: {timeouts: {firstByte: 300s}}}
        admission: {maxInFlight: 3}
        limits: {maxTokens: 100}
        """))).isEmpty();
  }
}
