package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code shutdown} section binds, defaults, and refuses negative durations with their place. */
class ShutdownConfigTest {
  private static final String POOL = """
      pools:
        - name: p
          models: [m]
          endpoints: [{url: "http://127.0.0.1:9", role: both}]
      """;

  @Test
  void bindsAndDefaults() {
    BatonConfig set = ConfigLoader.parse(POOL + "shutdown: {drainDelay: 2s, timeout: 1m}\n", "b.yaml");
    assertThat(set.shutdown()).isEqualTo(new ShutdownConfig(Duration.ofSeconds(2),
        Duration.ofMinutes(1)));
    BatonConfig absent = ConfigLoader.parse(POOL, "b.yaml");
    assertThat(absent.shutdown().drainDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(absent.shutdown().timeout()).isEqualTo(Duration.ofSeconds(25));
    assertThat(ConfigLoader.parse(POOL + "shutdown: {drainDelay: 0s}\n", "b.yaml")
        .shutdown().drainDelay()).isZero();
  }

  @Test
  void negativeOrUnknownKeysAreErrorsWithTheirPlace() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
        POOL + "shutdown:\n  timeout: -1s\n  grace: 3s\n", "b.yaml"));
    assertThat(e).isNotNull();
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("b.yaml:7:3: shutdown.grace"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("b.yaml:6:3: shutdown.timeout"));
  }
}
