package dev.baton.server.surface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An llm-d EndpointPickerConfig loads as is and schedules Baton's requests: its P/D profile handler
 * splits long prompts over simulated NIXL workers and keeps short ones whole; its single profile
 * never splits; anything Baton cannot run is reported at its own line of the llm-d file.
 */
class LlmdConfigTest {
  @RegisterExtension final TestBed bed = new TestBed();
  @TempDir Path dir;

  /** llm-d's own disaggregated sample, plus its load scorers. */
  static final String PD = """
      apiVersion: inference.networking.x-k8s.io/v1alpha1
      kind: EndpointPickerConfig
      plugins:
      - type: prefill-header-handler
      - type: prefix-cache-scorer
        parameters:
          hashBlockSize: 5
          maxPrefixBlocksToMatch: 256
          lruCapacityPerServer: 31250
      - type: queue-scorer
      - type: kv-cache-utilization-scorer
      - type: load-aware-scorer
        parameters: {threshold: 100}
      - type: prefill-filter
      - type: decode-filter
      - type: max-score-picker
      - type: pd-profile-handler
        parameters:
          threshold: 10
          hashBlockSize: 5
      schedulingProfiles:
      - name: prefill
        plugins:
        - pluginRef: prefill-filter
        - pluginRef: max-score-picker
        - pluginRef: prefix-cache-scorer
          weight: 50
      - name: decode
        plugins:
        - pluginRef: decode-filter
        - pluginRef: max-score-picker
        - pluginRef: prefix-cache-scorer
          weight: 50
        - pluginRef: queue-scorer
          weight: 2
        - pluginRef: kv-cache-utilization-scorer
        - pluginRef: load-aware-scorer
      """;

  static final String SINGLE = """
      apiVersion: inference.networking.x-k8s.io/v1alpha1
      kind: EndpointPickerConfig
      plugins:
      - type: single-profile-handler
      - type: decode-filter
      - type: prefix-cache-scorer
      - type: random-picker
      schedulingProfiles:
      - name: default
        plugins:
        - pluginRef: decode-filter
        - pluginRef: prefix-cache-scorer
          weight: 2
        - pluginRef: random-picker
      """;

  private BatonServer pdPool(String llmdFile, SimWorker prefill, SimWorker decode) {
    return bed.baton(ConfigLoader.parse("""
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        scheduling: {llmdConfig: %s}
        pools:
          - name: pd
            models: [%s]
            dialect: nixl
            disaggregation: {enabled: true, uncachedTokenThreshold: 100000}
            endpoints:
              - {url: "%s", role: prefill}
              - {url: "%s", role: decode}
        """.formatted(llmdFile, SimConfig.DEFAULT_MODEL, prefill.baseUrl(), decode.baseUrl()),
        dir.resolve("baton.yaml").toString()));
  }

  private static HttpResponse<String> chat(BatonServer baton, String content) {
    return Http.post(baton.baseUrl() + "/v1/chat/completions", "{\"model\":\""
        + SimConfig.DEFAULT_MODEL + "\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"" + content + "\"}]}");
  }

  @Test
  void llmdsDisaggregatedSampleSplitsLongPromptsAndKeepsShortOnesWhole() throws Exception {
    Files.writeString(dir.resolve("epp.yaml"), PD);
    SimWorker prefill = bed.sim(SimConfig.defaults().withSpeed(50));
    SimWorker decode = bed.sim(SimConfig.defaults().withSpeed(50));
    BatonServer baton = pdPool("epp.yaml", prefill, decode);
    // The handler's threshold (10 tokens), not the pool's 100000, decides.
    HttpResponse<String> split = chat(baton, "a long prompt about relay batons ".repeat(20));
    assertThat(split.statusCode()).as(split.body()).isEqualTo(200);
    assertThat(prefill.stats().requestsReceived()).isEqualTo(1);
    assertThat(decode.stats().kvTransfersIn()).isEqualTo(1);
    HttpResponse<String> whole = chat(baton, "hi");
    assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
    assertThat(prefill.stats().requestsReceived()).as("below the threshold").isEqualTo(1);
    assertThat(decode.stats().requestsReceived()).isEqualTo(2);
  }

  @Test
  void aSingleProfileNeverSplits() throws Exception {
    Files.writeString(dir.resolve("single.yaml"), SINGLE);
    SimWorker prefill = bed.sim(SimConfig.defaults().withSpeed(50));
    SimWorker decode = bed.sim(SimConfig.defaults().withSpeed(50));
    BatonServer baton = pdPool("single.yaml", prefill, decode);
    for (int i = 0; i < 3; i++) {
      assertThat(chat(baton, i + " a long prompt about relay batons ".repeat(20)).statusCode())
          .isEqualTo(200);
    }
    assertThat(prefill.stats().requestsReceived()).isZero();
    assertThat(decode.stats().requestsReceived()).isEqualTo(3);
    // The same file for baton serve --epp-config.
    SchedulingConfig loaded = ConfigLoader.loadLlmd(dir.resolve("single.yaml"));
    assertThat(loaded.schedulingProfiles()).singleElement()
        .satisfies(p -> assertThat(p.name()).isEqualTo("decode"));
  }

  @Test
  void whatBatonCannotRunIsReportedAtItsOwnLineOfTheLlmdFile() throws Exception {
    Path epp = dir.resolve("epp.yaml");
    Files.writeString(epp, """
        apiVersion: inference.networking.x-k8s.io/v1alpha1
        kind: EndpointPickerConfig
        plugins:
        - type: queue-scorer
        - type: slo-aware-router
        - type: prefix-cache-scorer
          parameters:
            hashBlockSize: 64
            lruCapacity: 10
        - type: max-score-picker
        - type: single-profile-handler
        schedulingProfiles:
        - name: default
          plugins:
          - pluginRef: queue-scorer
          - pluginRef: nowhere
        """);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("""
        pools: [{name: p, models: [m], endpoints: [{url: "http://h:1"}]}]
        scheduling: {llmdConfig: epp.yaml}
        """, dir.resolve("baton.yaml").toString()));
    List<String> problems = e.problems();
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(epp + ":5:3: plugins[1].type: "
        + "unknown llm-d plugin type `slo-aware-router`"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(epp + ":9:5: "
        + "plugins[2].parameters.lruCapacity: unknown parameter `lruCapacity`"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(epp
        + ":16:5: schedulingProfiles[0].plugins[1]: pluginRef `nowhere`"));

    Files.writeString(epp, SINGLE.replace("v1alpha1", "v9"));
    assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.loadLlmd(epp))
        .problems()).containsExactly(epp + ":1:1: apiVersion: expected "
            + "`inference.networking.x-k8s.io/v1alpha1`");
  }
}
