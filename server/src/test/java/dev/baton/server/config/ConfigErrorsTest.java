package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every kind of configuration error names the file, line, column and key path, and one load reports
 * all of them.
 */
class ConfigErrorsTest {

  /** Line numbers below refer to this file; columns are where the key starts. */
  private static final String BROKEN = """
      server:
        port: 8000
        colour: blue
      timeouts:
        idle: 30
      pools:
        - name: pd
          models: [m]
          endpoints:
            - url: http://10.0.0.1:8000
              role: leader
            - url: http://10.0.0.2:8000/v1
        - name: pd
          models: [m]
          disaggregation:
            prefillRetries: -1
      scheduling:
        plugins:
          - type: max-score
        schedulingProfiles:
          - name: decode
            plugins:
              - pluginRef: nowhere
      """;

  private static List<String> problems(String yaml) {
    return problems(yaml, Map.of());
  }

  private static List<String> problems(String yaml, Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(yaml, "baton.yaml", env::get));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    return e.problems();
  }

  @Test
  void everyProblemIsReportedWithFileLineColumnAndPath() {
    List<String> problems = problems(BROKEN);
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .startsWith("baton.yaml:3:3: server.colour: unknown key `colour`"));
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .startsWith("baton.yaml:5:3: timeouts.idle: "));
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .startsWith("baton.yaml:11:9: pools[0].endpoints[0].role: "));
    assertThat(problems).contains(
        "baton.yaml:12:9: pools[0].endpoints[1].url: must not have a path (Baton adds /v1/...)",
        "baton.yaml:13:5: pools[1].name: duplicate pool pd",
        "baton.yaml:14:5: pools[1].models: model m is in two pools",
        "baton.yaml:16:7: pools[1].disaggregation.prefillRetries: must be >= 0");
    // A dangling plugin reference points at the reference itself.
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .startsWith("baton.yaml:23:11: scheduling.schedulingProfiles[0].plugins[0]: ")
        .contains("nowhere"));
    // In file order.
    assertThat(problems).isSortedAccordingTo((a, b) -> Integer.compare(line(a), line(b)));
  }

  @Test
  void wrongTypesNameTheirKey() {
    assertThat(problems("server:\n  port: \"8000\"\n")).singleElement().asString()
        .startsWith("baton.yaml:2:3: server.port: expected a whole number (unquoted)");
    assertThat(problems("pools:\n  - name: p\n    models: [m]\n    dialect: mooncakes\n"))
        .singleElement().asString()
        .isEqualTo("baton.yaml:4:5: pools[0].dialect: expected one of nixl, lmcache, sglang, mooncake,"
            + " p2p-nccl, none, got `mooncakes`");
    assertThat(problems("pools:\n  - name: p\n    models: m\n")).singleElement().asString()
        .startsWith("baton.yaml:3:5: pools[0].models: expected a list");
  }

  @Test
  void aBootstrapPortOutOfRangeIsAnError() {
    assertThat(problems("pools:\n  - name: p\n    models: [m]\n    dialect: sglang\n    endpoints:\n"
        + "      - {url: \"http://h:1\", role: prefill, bootstrapPort: 70000}\n"))
        .singleElement().asString()
        .endsWith("pools[0].endpoints[0].bootstrapPort: must be between 1 and 65535");
  }

  @Test
  void aP2pNcclInstanceWithoutItsZmqAddressIsAnError() {
    assertThat(problems("pools:\n  - name: p\n    models: [m]\n    dialect: p2p-nccl\n    endpoints:\n"
        + "      - {url: \"http://h:1\", role: prefill, labels: {zmq_address: \"10.0.0.1:21001\"}}\n"
        + "      - {url: \"http://h:2\", role: decode}\n"))
        .singleElement().asString()
        .contains("pools[0].endpoints[1].labels: dialect p2p-nccl needs the instance's P2P address");
  }

  @Test
  void dataParallelRanksMustBePositiveAndTheirEventPortsMustNotOverlap() {
    assertThat(problems("pools:\n  - name: p\n    models: [m]\n    endpoints:\n"
        + "      - {url: \"http://h:1\", dataParallelSize: 0}\n"))
        .singleElement().asString()
        .endsWith("pools[0].endpoints[0].dataParallelSize: must be between 1 and 1024");
    assertThat(problems("pools:\n  - name: p\n    models: [m]\n"
        + "    kvEvents: {port: 5557, replayPort: 5558}\n    endpoints:\n"
        + "      - {url: \"http://h:1\", dataParallelSize: 4}\n"))
        .singleElement().asString()
        .contains("pools[0].endpoints[0].dataParallelSize: 4 ranks publish on kvEvents.port 5557")
        .contains("overlap");
    BatonConfig apart = ConfigLoader.parse("pools:\n  - name: p\n    models: [m]\n"
        + "    kvEvents: {port: 5557, replayPort: 5561}\n    endpoints:\n"
        + "      - {url: \"http://h:1\", dataParallelSize: 4}\n", "baton.yaml", name -> null);
    assertThat(apart.pools().get(0).endpoints().get(0).ranks()).isEqualTo(4);
  }

  @Test
  void aMissingRequiredKeyIsReportedWhereItsSectionIs() {
    assertThat(problems("pools:\n  - name: p\n    models: [m]\n    endpoints:\n      - role: decode\n"))
        .containsExactly("baton.yaml:5:9: pools[0].endpoints[0].url: is required");
  }

  @Test
  void invalidYamlSaysWhere() {
    assertThat(problems("server:\n  port: [8000\n")).singleElement().asString()
        .startsWith("baton.yaml:").contains("invalid YAML");
  }

  @Test
  void duplicateKeysAreErrors() {
    assertThat(problems("server:\n  port: 1\n  port: 2\n")).singleElement().asString()
        .startsWith("baton.yaml:").contains("port");
  }

  @Test
  void environmentVariablesAreSubstitutedInValues() {
    String yaml = """
        server:
          port: ${BATON_PORT}
          host: ${BATON_HOST:-127.0.0.1}
        pools:
          - name: p
            models: [m]
            endpoints:
              - url: http://${WORKER}:8000
                id: "$${literal}"
        """;
    BatonConfig config = ConfigLoader.parse(yaml, "baton.yaml",
        Map.of("BATON_PORT", "8100", "WORKER", "10.1.2.3")::get);
    assertThat(config.server().port()).isEqualTo(8100);
    assertThat(config.server().host()).isEqualTo("127.0.0.1");
    assertThat(config.pools().get(0).endpoints().get(0).url()).isEqualTo("http://10.1.2.3:8000");
    assertThat(config.pools().get(0).endpoints().get(0).id()).isEqualTo("${literal}");
  }

  @Test
  void anUnsetVariableWithoutDefaultNamesTheVariableAndTheKey() {
    assertThat(problems("server:\n  host: 0.0.0.0\n  port: ${BATON_PORT}\n"))
        .containsExactly("baton.yaml:3:3: server.port: environment variable BATON_PORT is not set"
            + " and has no default (write ${BATON_PORT:-default})");
  }

  private static int line(String problem) {
    String[] parts = problem.split(":");
    return Integer.parseInt(parts[1]);
  }
}
