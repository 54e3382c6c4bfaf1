package dev.baton.server.surface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.reload.ConfigSource;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.transfer.testing.ScriptedWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each pool may have its own scheduling profiles over the global section, follows reloads, and a
 * mistake in a profile is reported at the plugin's own line.
 */
class PoolSchedulingTest {
  @RegisterExtension final TestBed bed = new TestBed();
  @TempDir Path dir;

  private static final String CHAT = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String EMBED = "{\"model\":\"embed\",\"input\":\"hi\"}";

  /**
   * Global: round-robin over both workers. The embed pool's own decode profile keeps the worker
   * labelled {@code gpu: <gpu>} only.
   */
  private static String yaml(String a, String b, String gpu) {
    return """
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        scheduling:
          plugins: [{type: round-robin}]
          schedulingProfiles:
            - {name: decode, plugins: [{pluginRef: round-robin}]}
        pools:
          - name: chat
            models: [chat]
            endpoints: [{url: "%1$s", id: a}, {url: "%2$s", id: b}]
          - name: embeddings
            models: [embed]
            endpoints: [{url: "%1$s", id: a, labels: {gpu: a}}, {url: "%2$s", id: b, labels: {gpu: b}}]
            scheduling:
              plugins:
                - {name: only-gpu, type: label-selector, parameters: {matchLabels: {gpu: %3$s}}}
              schedulingProfiles:
                - {name: decode, plugins: [{pluginRef: only-gpu}, {pluginRef: round-robin}]}
        """.formatted(a, b, gpu);
  }

  private static ScriptedWorker.Exchange ok(ScriptedWorker.Exchange ex) {
    ex.json(200, "{\"object\":\"list\",\"data\":[],\"choices\":[]}");
    return ex;
  }

  @Test
  void aPoolWithItsOwnProfilesIsScheduledByThemAndFollowsReloads() throws Exception {
    ScriptedWorker a = bed.worker(PoolSchedulingTest::ok);
    ScriptedWorker b = bed.worker(PoolSchedulingTest::ok);
    Path file = dir.resolve("baton.yaml");
    Files.writeString(file, yaml(a.url(), b.url(), "a"));
    BatonServer baton = bed.baton(ConfigLoader.load(file), ConfigSource.of(file));
    for (int i = 0; i < 10; i++) {
      assertThat(Http.post(baton.baseUrl() + "/v1/embeddings", EMBED).statusCode()).isEqualTo(200);
    }
    assertThat(a.requests.get()).as("the embedding pool's own filter").isEqualTo(10);
    assertThat(b.requests.get()).isZero();
    for (int i = 0; i < 10; i++) {
      assertThat(Http.post(baton.baseUrl() + "/v1/chat/completions", CHAT).statusCode())
          .isEqualTo(200);
    }
    assertThat(a.requests.get() - 10).as("the global round-robin").isEqualTo(5);
    assertThat(b.requests.get()).isEqualTo(5);

    Files.writeString(file, yaml(a.url(), b.url(), "b"));
    Await.get(baton.reload());
    for (int i = 0; i < 10; i++) {
      assertThat(Http.post(baton.baseUrl() + "/v1/embeddings", EMBED).statusCode()).isEqualTo(200);
    }
    assertThat(b.requests.get()).as("after the reload").isEqualTo(15);
    assertThat(a.requests.get()).isEqualTo(15);
  }

  @Test
  void schedulingMistakesPointAtThePluginsOwnLine() {
    String yaml = """
        scheduling:
          plugins:
            - {type: max-score}
            - {name: q, type: queue-depth, parameters: {minRang: 3}}
          schedulingProfiles:
            - name: decode
              plugins:
                - {pluginRef: max-score}
                - {pluginRef: nowhere}
        pools:
          - name: p
            models: [m]
            endpoints: [{url: "http://h:1"}]
            scheduling:
              plugins:
                - {name: odd, type: no-such-plugin}
        """;
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(yaml, "baton.yaml"));
    List<String> problems = e.problems();
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .startsWith("baton.yaml:4:7: scheduling.plugins[1]: ").contains("minRang"));
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .startsWith("baton.yaml:9:11: scheduling.schedulingProfiles[0].plugins[1]: ")
        .contains("nowhere"));
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .startsWith("baton.yaml:16:11: pools[0].scheduling.plugins[0]: pool p: ")
        .contains("no-such-plugin"));
  }
}
