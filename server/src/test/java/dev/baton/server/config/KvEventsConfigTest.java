package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.router.scheduling.config.PluginRef;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code pools[].kvEvents}, {@code pools[].tokenizer}, {@code endpoints[].kvEvents/kvReplay}. */
class KvEventsConfigTest {

  private static final String YAML = """
      pools:
        - name: llama
          models: [meta-llama/Llama-3.1-8B-Instruct]
          kvEvents:
            port: %s
            replayPort: 5558
            topic: "kv@"
          tokenizer: {source: %s}
          endpoints:
            - {url: "http://10.0.0.5:8000", id: w1, kvEvents: "%s", kvReplay: "tcp://10.0.0.5:5558"}
      """;

  @Test
  void bindsTheKeysAndTheDefaultProfilesMatchPrefixesPrecisely() {
    BatonConfig config = ConfigLoader.parse(
        YAML.formatted("5557", "engine", "tcp://10.0.0.5:5557"), "baton.yaml", name -> null);
    PoolConfig pool = config.pools().get(0);
    assertThat(pool.kvEvents()).isEqualTo(new KvEventsConfig(5557, 5558, "kv@"));
    assertThat(pool.tokenizer().source()).isEqualTo(TokenizerConfig.Source.ENGINE);
    assertThat(pool.endpoints().get(0).kvEvents()).isEqualTo("tcp://10.0.0.5:5557");
    assertThat(config.scheduling().schedulingProfiles()).allSatisfy(profile -> assertThat(
        profile.plugins()).extracting(PluginRef::pluginRef)
        .contains("precise-prefix-cache").doesNotContain("approximate-prefix"));
  }

  @Test
  void withoutKvEventsTheDefaultsStayApproximate() {
    BatonConfig config = ConfigLoader.parse("""
        pools:
          - {name: p, models: [m], endpoints: [{url: "http://10.0.0.1:8000"}]}
        """, "baton.yaml", name -> null);
    assertThat(config.scheduling().schedulingProfiles().get(0).plugins())
        .extracting(PluginRef::pluginRef).contains("approximate-prefix");
  }

  @Test
  void badPortsAddressesAndAMissingTokenizerFileAreReported() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
        YAML.formatted("70000", "huggingface", "http://10.0.0.5:5557"), "baton.yaml",
        name -> null));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p)
        .contains("pools[0].kvEvents.port: must be within [1, 65535]"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p)
        .contains("pools[0].tokenizer.path: the huggingface source needs the path"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p)
        .contains("pools[0].endpoints[0].kvEvents: must be a ZMQ address"));
  }

  @Test
  void aHuggingfaceTokenizerNeedsItsFileOrADirectoryHoldingIt() {
    String dir = Path.of("src/test/resources/tokenizers/sim-llama").toAbsolutePath().toString();
    for (String path : List.of(dir, dir + "/tokenizer.json")) {
      PoolConfig pool = ConfigLoader.parse(YAML.formatted("5557",
              "huggingface, path: \"" + path + "\"", "tcp://10.0.0.5:5557"), "baton.yaml",
          name -> null).pools().get(0);
      assertThat(pool.tokenizer()).isEqualTo(
          new TokenizerConfig(TokenizerConfig.Source.HUGGINGFACE, path));
    }
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
        YAML.formatted("5557", "huggingface, path: /nowhere/tokenizer.json",
            "tcp://10.0.0.5:5557"), "baton.yaml", name -> null));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(
        "pools[0].tokenizer.path: no readable tokenizer.json at /nowhere/tokenizer.json"));
  }
}
