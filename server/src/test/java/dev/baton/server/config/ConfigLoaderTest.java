package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.router.endpoint.Role;
import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static Path configDir() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("config")) ? here.resolve("config")
        : here.getParent().resolve("config");
  }

  @Test
  void loadsTheExampleConfig() {
    BatonConfig config = ConfigLoader.load(configDir().resolve("baton.yaml"));
    assertThat(config.server().port()).isEqualTo(8000);
    assertThat(config.timeouts().connect()).isEqualTo(Duration.ofSeconds(2));
    PoolConfig pd = config.pools().get(0);
    assertThat(pd.dialect()).isEqualTo("nixl");
    assertThat(pd.disaggregation().enabled()).isTrue();
    assertThat(pd.disaggregation().uncachedTokenThreshold()).isEqualTo(256);
    assertThat(pd.disaggregation().onPrefillFailure()).isEqualTo(PrefillFailurePolicy.DECODE);
    assertThat(pd.endpoints().get(0).role()).isEqualTo(Role.PREFILL);
    assertThat(pd.endpoints().get(0).labels()).containsEntry("zone", "a");
    assertThat(config.scheduling().schedulingProfiles()).extracting(p -> p.name()).contains("decode");
    assertThat(config.metricsScrape().interval()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void theExampleSchedulingSectionCompilesForTheRouter() throws Exception {
    BatonConfig config = ConfigLoader.load(configDir().resolve("baton.yaml"));
    assertThat(ProfileScheduler.create(config.scheduling(), SchedulerState.create())).isNotNull();
  }

  @Test
  void loadsTheDemoConfig() {
    BatonConfig config = ConfigLoader.load(configDir().resolve("demo.yaml"));
    assertThat(config.pools()).isNotEmpty();
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    assertThat(DurationDeserializer.parse("100ms")).isEqualTo(Duration.ofMillis(100));
    assertThat(DurationDeserializer.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(DurationDeserializer.parse("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(DurationDeserializer.parse("PT0.5S")).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> DurationDeserializer.parse("soon"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPrefillEndpointsBootstrapPortReachesItsEndpoint() {
    BatonConfig config = ConfigLoader.parse("""
        pools:
          - name: p
            models: [m]
            dialect: sglang
            endpoints:
              - {url: "http://10.0.0.1:30000", role: prefill, bootstrapPort: 9001}
              - {url: "http://10.0.0.2:30000", role: decode}
        """, "t.yaml");
    var endpoints = config.pools().get(0).endpoints();
    assertThat(endpoints.get(0).toEndpoint(Set.of("m")).bootstrapPort()).isEqualTo(9001);
    assertThat(endpoints.get(1).toEndpoint(Set.of("m")).bootstrapPort()).isZero();
  }

  @Test
  void unknownKeysAreErrorsThatSayWhere() {
    String yaml = """
        pools:
          - name: p
            models: [m]
            endpoints:
              - {url: "http://127.0.0.1:1", rolee: decode}
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(yaml, "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("t.yaml:5:")
        .hasMessageContaining(": pools[0].endpoints[0].rolee: unknown key `rolee`");
  }

  @Test
  void wrongTypesAreErrorsThatSayWhere() {
    assertThatThrownBy(() -> ConfigLoader.parse("server: {port: \"8000\"}", "t.yaml"))
        .hasMessageContaining("server.port");
    assertThatThrownBy(() -> ConfigLoader.parse("timeouts: {idle: 30}", "t.yaml"))
        .hasMessageContaining("timeouts.idle");
    assertThatThrownBy(() -> ConfigLoader.parse("timeouts: {idle: forever}", "t.yaml"))
        .hasMessageContaining("timeouts.idle");
    assertThatThrownBy(() -> ConfigLoader.parse(
            "pools: [{name: p, models: [m], dialect: mooncakes}]", "t.yaml"))
        .hasMessageContaining("pools[0].dialect");
    assertThatThrownBy(() -> ConfigLoader.parse(
            "pools: [{name: p, models: [m], endpoints: [{url: 'http://h:1', role: leader}]}]", "t.yaml"))
        .hasMessageContaining("pools[0].endpoints[0].role");
    assertThatThrownBy(() -> ConfigLoader.parse("healthChecks: {path: health}", "t.yaml"))
        .hasMessageContaining("healthChecks")
        .hasMessageContaining("must start with '/'");
  }

  @Test
  void semanticChecksNameTheKey() {
    assertThatThrownBy(() -> ConfigLoader.parse(
            "pools: [{name: p, models: [m], endpoints: [{url: 'http://h:1/v1'}]}]", "t.yaml"))
        .hasMessageContaining("pools[0].endpoints[0].url");
    assertThatThrownBy(() -> ConfigLoader.parse(
            "pools: [{name: p, models: [m]}, {name: q, models: [m]}]", "t.yaml"))
        .hasMessageContaining("pools[1].models");
    assertThatThrownBy(() -> ConfigLoader.parse(
            "pools: [{name: p, models: [m], disaggregation: {enabled: true, prefillRetries: -1}}]",
            "t.yaml"))
        .hasMessageContaining("prefillRetries");
  }

  @Test
  void schedulingProblemsFailTheLoad() {
    assertThatThrownBy(() -> ConfigLoader.parse("""
            scheduling:
              plugins: [{type: queue-depth}, {type: max-score}]
              schedulingProfiles:
                - name: decode
                  plugins: [{pluginRef: queue-depth}, {pluginRef: prefix}, {pluginRef: max-score}]
            """, "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("t.yaml:5:43: scheduling.schedulingProfiles[0].plugins[1]: ")
        .hasMessageContaining("prefix");
  }
}
