package dev.baton.server.discovery;

import static dev.baton.server.discovery.DiscoveredWorkers.ANSWER;
import static dev.baton.server.discovery.DiscoveredWorkers.ids;
import static dev.baton.server.discovery.DiscoveredWorkers.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.router.endpoint.Health;
import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code inferencePool} source against fabric8's CRUD mock API server: Baton serves the pods an
 * InferencePool selects on each of its target ports; editing the pool's selector moves the Baton
 * pool to other pods, adding a target port adds an endpoint per pod, deleting the pool empties it.
 * Workers listen on two ports at two loopback addresses standing for pod IPs.
 */
class InferencePoolEndpointSourceTest {
  private static final String NS = "llm";

  @RegisterExtension final TestBed bed = new TestBed();
  @RegisterExtension final MockApiServer api = new MockApiServer();

  @Test
  void theBatonPoolFollowsTheInferencePoolsSelectorAndPorts() {
    Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    int port = worker("127.0.0.2", 0, served);
    int second = worker("127.0.0.2", 0, served);
    worker("127.0.0.3", port, served);
    worker("127.0.0.3", second, served);
    api.createPod(NS, "vllm-a", "127.0.0.2", true, Map.of("app", "vllm-a"));
    api.createPod(NS, "vllm-b", "127.0.0.3", true, Map.of("app", "vllm-b"));
    api.createPod(NS, "other", "127.0.0.4", true, Map.of("app", "other"));
    pools().resource(pool("vllm-a", port)).create();

    BatonServer baton = bed.baton(ConfigLoader.parse(yaml(), "t.yaml", k -> null));
    assertThat(ids(baton)).as("the pod the pool selects, on its one port")
        .isEqualTo(Set.of("127.0.0.2:" + port));
    JsonNode sync = sourceSync(baton);
    assertThat(sync.get("endpoints").asInt()).isEqualTo(1);
    assertThat(sync.get("error").isNull()).isTrue();

    pools().withName("llama").edit(p -> pool("vllm-a", port, second));
    Await.until("a second target port adds an endpoint on the same pod", () -> ids(baton)
        .equals(Set.of("127.0.0.2:" + port, "127.0.0.2:" + second)));
    Await.until("both ports answered their health probe", () -> healthy(baton) == 2);
    send(baton, 10);
    assertThat(served).as("requests per port of vllm-a").containsOnlyKeys(
        "127.0.0.2:" + port, "127.0.0.2:" + second);

    pools().withName("llama").edit(p -> pool("vllm-b", port, second));
    Await.until("the selector edit moves the pool to vllm-b", () -> ids(baton)
        .equals(Set.of("127.0.0.3:" + port, "127.0.0.3:" + second)));
    Await.until("vllm-b answered its health probes", () -> healthy(baton) == 2);
    int before = served.values().stream().mapToInt(AtomicInteger::get).sum();
    send(baton, 10);
    assertThat(served.get("127.0.0.3:" + port).get() + served.get("127.0.0.3:" + second).get())
        .as("requests after the move all go to vllm-b").isEqualTo(10);
    assertThat(served.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(before + 10);

    pools().withName("llama").delete();
    Await.until("a deleted InferencePool empties the pool", () -> ids(baton).isEmpty());
  }

  @Test
  void aMissingOrInvalidPoolIsAnEmptyPoolWithAReason() {
    BatonServer baton = bed.baton(ConfigLoader.parse(yaml(), "t.yaml", k -> null));
    assertThat(ids(baton)).isEmpty();
    JsonNode missing = sourceSync(baton);
    assertThat(missing.get("error").asText())
        .isEqualTo("InferencePool llm/llama does not exist; the pool has no endpoints");
    assertThat(missing.get("endpoints").asInt()).isZero();
    assertThat(missing.get("at").isNull()).as("the empty list was a sync").isFalse();

    api.createPod(NS, "vllm-a", "127.0.0.2", true, Map.of("app", "vllm-a"));
    pools().resource(pool("vllm-a", 1, 2, 3, 4, 5, 6, 7, 8, 9)).create();
    Await.until("nine ports are refused", () -> sourceSync(baton).get("error").asText()
        .equals("InferencePool llm/llama is invalid (spec.targetPorts lists 9 ports; at most 8);"
            + " keeping the last list"));
    assertThat(ids(baton)).isEmpty();
  }

  @Test
  void nameAndNamespaceAreRequired() {
    ConfigException noName = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(TestConfigs.sourcedPoolYaml(
            "{type: inferencePool, namespace: llm}"), "t.yaml", k -> null));
    assertThat(noName.problems()).containsExactly("t.yaml:6:5: pools[0].endpointSource:"
        + " name is required: the InferencePool's name");
  }

  private String yaml() {
    return TestConfigs.sourcedPoolYaml("{type: inferencePool, name: llama, namespace: %s,"
        .formatted(NS) + " resync: 1s, apiServer: \"%s\"}".formatted(api.url()));
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> pools() {
    return api.kube().genericKubernetesResources(InferencePoolSpec.RESOURCE).inNamespace(NS);
  }

  /** An InferencePool {@code llama} selecting {@code app: <app>} on these ports. */
  private static GenericKubernetesResource pool(String app, int... ports) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("inference.networking.k8s.io/v1").withKind("InferencePool")
        .withNewMetadata().withName("llama").withNamespace(NS).endMetadata()
        .addToAdditionalProperties("spec", Map.of(
            "selector", Map.of("matchLabels", Map.of("app", app)),
            "targetPorts", Arrays.stream(ports).mapToObj(p -> Map.of("number", p))
                .toList(),
            "endpointPickerRef", Map.of("name", "llama-epp", "port", Map.of("number", 9002))))
        .build();
  }

  /** The pool's source status as {@code GET /admin/pools} shows it. */
  private static JsonNode sourceSync(BatonServer baton) {
    try {
      return new ObjectMapper().readTree(Http.get(baton.adminUrl() + "/admin/pools").body())
          .get(0).get("sourceSync");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long healthy(BatonServer baton) {
    return baton.runtime().get().endpoints().filter(e -> e.health() == Health.HEALTHY).count();
  }

  /** A worker counting completions by its {@code host:port}; returns its port. */
  private int worker(String host, int port, Map<String, AtomicInteger> served) {
    return DiscoveredWorkers.start(bed, host, port, req -> {
      served.computeIfAbsent(host + ":" + req.localAddress().port(), k -> new AtomicInteger())
          .incrementAndGet();
      req.response().putHeader("content-type", "application/json").end(ANSWER);
    });
  }
}
