package dev.baton.server.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.reload.ConfigSource;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pool whose endpoints come from a source (the test-only {@code scripted} type): over real
 * sockets, requests go to the endpoints it publishes and stop going to those it drops, whose
 * breakers, gauges and probes go too.
 */
class EndpointSourceTest {
  private static final String ANSWER = "{\"id\":\"x\",\"object\":\"text_completion\",\"choices\":"
      + "[{\"index\":0,\"text\":\"ok\",\"finish_reason\":\"stop\"}]}";
  private static final String BODY = "{\"model\":\"m\",\"prompt\":\"hello\",\"max_tokens\":4}";

  @RegisterExtension final TestBed bed = new TestBed();

  private static String yaml(String name, String urls) {
    return TestConfigs.sourcedPoolYaml(
        "{type: scripted, name: %s, urls: [%s]}".formatted(name, urls));
  }

  @Test
  void requestsFollowTheListTheSourcePublishes() {
    ScriptedWorker a = bed.worker(ex -> ex.json(200, ANSWER));
    ScriptedWorker b = bed.worker(ex -> ex.json(200, ANSWER));
    ScriptedWorker c = bed.worker(ex -> ex.json(200, ANSWER));
    String name = "src-" + UUID.randomUUID();
    BatonConfig config = ConfigLoader.parse(yaml(name, a.url() + ", " + b.url()), "t.yaml",
        k -> null);
    BatonServer baton = bed.baton(config);

    send(baton, 20);
    assertThat(a.requests.get() + b.requests.get()).isEqualTo(20);
    assertThat(c.requests.get()).isZero();
    assertThat(gauges(baton)).contains(id(a), id(b)).doesNotContain(id(c));
    assertThat(baton.breakers().size()).as("breakers of a and b").isEqualTo(2);

    ScriptedEndpointSource.named(name).announce(List.of(b.url(), c.url()));
    Await.until("the runtime serves the published list",
        () -> ids(baton).equals(Set.of(id(b), id(c))));
    int aBefore = a.requests.get();
    int bBefore = b.requests.get();

    send(baton, 20);
    assertThat(a.requests.get()).as("requests to the dropped endpoint").isEqualTo(aBefore);
    assertThat(b.requests.get() - bBefore + c.requests.get()).isEqualTo(20);
    assertThat(c.requests.get()).as("requests to the added endpoint").isPositive();
    assertThat(gauges(baton)).contains(id(b), id(c)).doesNotContain(id(a));
    assertThat(baton.breakers().size()).as("breakers of b and c; a's is gone").isEqualTo(2);
    // Probes follow the new set too.
    assertThat(baton.liveState().healthProber().consecutiveFailures(id(a))).isEmpty();
    assertThat(baton.liveState().healthProber().consecutiveFailures(id(c))).isPresent();
  }

  @Test
  void aReloadToANewSourceAppliesOnceItIsReady(@TempDir Path dir) throws Exception {
    ScriptedWorker a = bed.worker(ex -> ex.json(200, ANSWER));
    ScriptedWorker b = bed.worker(ex -> ex.json(200, ANSWER));
    Path file = dir.resolve("baton.yaml");
    Files.writeString(file, yaml("first-" + UUID.randomUUID(), a.url()));
    ConfigSource source = ConfigSource.of(file);
    BatonServer baton = bed.baton(source.load(), source);
    String name = "late-" + UUID.randomUUID();
    Files.writeString(file, yaml(name, "").replace("urls: []", "ready: false"));

    Future<BatonRuntime> reload = baton.reload();
    Await.until("the new source is open", () -> {
      try {
        ScriptedEndpointSource.named(name);
        return true;
      } catch (AssertionError notYet) {
        return false;
      }
    });
    // Not ready: the running runtime keeps serving on a.
    send(baton, 3);
    assertThat(reload.isComplete()).isFalse();
    assertThat(a.requests.get()).isEqualTo(3);

    ScriptedEndpointSource.named(name).announce(List.of(b.url()));
    Await.get(reload);
    assertThat(ids(baton)).containsExactly(id(b));
    send(baton, 3);
    assertThat(b.requests.get()).isEqualTo(3);
    assertThat(a.requests.get()).isEqualTo(3);
  }

  @Test
  void anUnknownTypeOrBadParametersAreConfigErrors() {
    ConfigException unknown = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
        yaml("x", "").replace("type: scripted", "type: nowhere"), "t.yaml", k -> null));
    assertThat(unknown.problems()).anySatisfy(p -> assertThat(p)
        .startsWith("t.yaml:6:5: pools[0].endpointSource: unknown source type `nowhere` (known: "));
    ConfigException missing = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
        yaml("x", "").replace("name: x, ", ""), "t.yaml", k -> null));
    assertThat(missing.problems())
        .containsExactly("t.yaml:6:5: pools[0].endpointSource: name is required");
    ConfigException unknownKey = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(yaml("x", "").replace("name: x", "name: x, nmae: y"), "t.yaml",
            k -> null));
    assertThat(unknownKey.problems()).anySatisfy(p -> assertThat(p)
        .startsWith("t.yaml:6:5: pools[0].endpointSource: nmae: unknown key `nmae`"));
  }

  private static void send(BatonServer baton, int count) {
    for (int i = 0; i < count; i++) {
      assertThat(Http.post(baton.baseUrl() + "/v1/completions", BODY).statusCode()).isEqualTo(200);
    }
  }

  private static String id(ScriptedWorker worker) {
    return "127.0.0.1:" + worker.port();
  }

  private static Set<String> ids(BatonServer baton) {
    return baton.runtime().get().endpoints().map(EndpointState::id).collect(Collectors.toSet());
  }

  /** The endpoint ids that have gauges on {@code /metrics}. */
  private static Set<String> gauges(BatonServer baton) {
    return Http.get(baton.adminUrl() + "/metrics").body().lines()
        .filter(l -> l.startsWith("baton_endpoint_in_flight_requests{"))
        .map(l -> l.replaceAll(".*endpoint=\"([^\"]+)\".*", "$1"))
        .collect(Collectors.toSet());
  }
}
