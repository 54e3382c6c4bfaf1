package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.router.scheduling.config.SchedulingConfig;
import org.junit.jupiter.api.Test;

/** The pool's {@code loraAdapters} and {@code scheduling.sessionHeader}: bound, and checked. */
class RoutingKeysConfigTest {

  private static final String YAML = """
      pools:
        - name: p
          models: [base, sql-lora]
          loraAdapters: [%s]
          endpoints: [{url: "http://10.0.0.1:8000", role: both}]
      scheduling:
        sessionHeader: %s
      """;

  @Test
  void bindsTheAdaptersAndTheSessionHeader() {
    BatonConfig config = ConfigLoader.parse(
        YAML.formatted("sql-lora", "x-conversation"), "baton.yaml", name -> null);
    assertThat(config.pools().get(0).loraAdapters()).containsExactly("sql-lora");
    assertThat(config.scheduling().sessionHeader()).isEqualTo("x-conversation");
    // The plugins and profiles keep their defaults when only the header is set.
    assertThat(config.scheduling().schedulingProfiles())
        .isEqualTo(SchedulingConfig.defaults().schedulingProfiles());
  }

  @Test
  void anAdapterOutsideModelsAndABadHeaderNameAreReported() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
        YAML.formatted("chat-lora", "\"x session\""), "baton.yaml", name -> null));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("baton.yaml:4:5: "
        + "pools[0].loraAdapters: adapter chat-lora must also be listed in models"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p)
        .contains("scheduling.sessionHeader: ")
        .contains("'x session' is not an HTTP header name"));
  }
}
