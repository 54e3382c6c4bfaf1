package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.server.metrics.BatonMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code config/kubernetes} agrees with itself and with the Baton config it mounts (no cluster, no
 * kubectl here): selectors pick the Baton pods, ports and probe paths are Baton's, the termination
 * grace covers the drain, the Role is least privilege, and the discovery source finds the vLLM pods.
 */
class KubernetesManifestsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void manifestsAgreeWithBatonsConfig() throws IOException {
    Map<String, List<JsonNode>> kinds = manifests();
    assertThat(kinds).containsKeys("Deployment", "Service", "ConfigMap", "ServiceAccount", "Role",
        "RoleBinding", "PodDisruptionBudget", "StatefulSet");
    JsonNode deployment = one(kinds, "Deployment");
    JsonNode pod = deployment.path("spec").path("template");
    Map<String, String> podLabels = labels(pod.path("metadata").path("labels"));
    assertThat(deployment.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(podLabels).containsAllEntriesOf(
        labels(deployment.path("spec").path("selector").path("matchLabels")));
    assertThat(podLabels).containsAllEntriesOf(
        labels(one(kinds, "PodDisruptionBudget").path("spec").path("selector").path("matchLabels")));
    JsonNode batonService = kinds.get("Service").stream()
        .filter(s -> s.path("metadata").path("name").asText().equals("baton")).findFirst()
        .orElseThrow();
    assertThat(podLabels).containsAllEntriesOf(labels(batonService.path("spec").path("selector")));

    BatonConfig config = ConfigLoader.parse(
        one(kinds, "ConfigMap").path("data").path("baton.yaml").asText(), "baton-configmap.yaml",
        k -> null);
    JsonNode container = pod.path("spec").path("containers").get(0);
    Map<String, Integer> ports = new HashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(),
        p.path("containerPort").asInt()));
    assertThat(ports).containsEntry("api", config.server().port())
        .containsEntry("admin", config.admin().port());
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/ready");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health");
    assertThat(container.path("readinessProbe").path("httpGet").path("port").asText())
        .isEqualTo("api");
    long drain = config.shutdown().drainDelay().plus(config.shutdown().timeout()).toSeconds();
    assertThat(pod.path("spec").path("terminationGracePeriodSeconds").asLong())
        .as("the kubelet's SIGKILL comes after Baton's own drain").isGreaterThan(drain);

    // Least privilege: the pod's account is bound to a Role that only reads pods.
    String account = pod.path("spec").path("serviceAccountName").asText();
    assertThat(one(kinds, "ServiceAccount").path("metadata").path("name").asText())
        .isEqualTo(account);
    JsonNode binding = one(kinds, "RoleBinding");
    assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo(account);
    JsonNode role = one(kinds, "Role");
    assertThat(binding.path("roleRef").path("name").asText())
        .isEqualTo(role.path("metadata").path("name").asText());
    Map<String, Set<String>> readable = new HashMap<>();
    for (JsonNode rule : role.path("rules")) {
      assertThat(strings(rule.path("verbs"))).isSubsetOf("get", "list", "watch");
      strings(rule.path("apiGroups")).forEach(group -> readable.computeIfAbsent(group,
          g -> new java.util.HashSet<>()).addAll(strings(rule.path("resources"))));
    }
    assertThat(readable).isEqualTo(Map.of("", Set.of("pods"),
        "inference.networking.k8s.io", Set.of("inferencepools")));

    // The kubernetes source finds every vLLM pod, with a role, on the port vLLM serves.
    PoolConfig pool = config.pools().get(0);
    assertThat(pool.endpointSource().type()).isEqualTo("kubernetes");
    JsonNode source = pool.endpointSource().parameters();
    for (JsonNode set : kinds.get("StatefulSet")) {
      JsonNode template = set.path("spec").path("template");
      Map<String, String> vllm = labels(template.path("metadata").path("labels"));
      assertThat(vllm).containsAllEntriesOf(labels(source.path("selector")));
      assertThat(vllm.get(source.path("roleLabel").asText())).isIn("prefill", "decode");
      JsonNode http = template.path("spec").path("containers").get(0).path("ports").get(0);
      assertThat(http.path("containerPort").asInt()).isEqualTo(source.path("port").asInt());
    }
  }

  @Test
  void theAutoscalerScalesBatonOnAMetricItExports() throws IOException {
    Map<String, List<JsonNode>> kinds = manifests();
    JsonNode hpa = one(kinds, "HorizontalPodAutoscaler");
    JsonNode deployment = one(kinds, "Deployment");
    assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
    JsonNode target = hpa.path("spec").path("scaleTargetRef");
    assertThat(target.path("kind").asText()).isEqualTo("Deployment");
    assertThat(target.path("name").asText())
        .isEqualTo(deployment.path("metadata").path("name").asText());
    assertThat(hpa.path("spec").path("minReplicas").asInt())
        .as("the PodDisruptionBudget can always let one replica go").isGreaterThanOrEqualTo(2)
        .isLessThanOrEqualTo(hpa.path("spec").path("maxReplicas").asInt());
    JsonNode metric = hpa.path("spec").path("metrics").get(0);
    assertThat(metric.path("type").asText()).isEqualTo("Pods");
    String name = metric.path("pods").path("metric").path("name").asText();
    BatonMetrics metrics = BatonMetrics.create(() -> null);
    metrics.bindAdmissionQueue(() -> 3);
    assertThat(metrics.scrape()).as("Baton exports the metric the autoscaler reads")
        .contains(name + " 3.0");
    // Prometheus scrapes the admin port the annotations name, where /metrics lives.
    Map<String, String> annotations = labels(deployment.path("spec").path("template")
        .path("metadata").path("annotations"));
    BatonConfig config = ConfigLoader.parse(
        one(kinds, "ConfigMap").path("data").path("baton.yaml").asText(), "baton-configmap.yaml",
        k -> null);
    assertThat(annotations).containsEntry("prometheus.io/port",
        String.valueOf(config.admin().port())).containsEntry("prometheus.io/path", "/metrics");
  }

  @Test
  void theInferencePoolSelectsTheVllmPodsOnTheirPort() throws IOException {
    Map<String, List<JsonNode>> kinds = manifests();
    JsonNode pool = one(kinds, "InferencePool");
    assertThat(pool.path("apiVersion").asText()).isEqualTo("inference.networking.k8s.io/v1");
    Map<String, String> selector = labels(pool.path("spec").path("selector").path("matchLabels"));
    assertThat(selector).isNotEmpty();
    JsonNode ports = pool.path("spec").path("targetPorts");
    assertThat(ports.size()).isBetween(1, 8);
    BatonConfig config = ConfigLoader.parse(
        one(kinds, "ConfigMap").path("data").path("baton.yaml").asText(), "baton-configmap.yaml",
        k -> null);
    assertThat(pool.path("metadata").path("namespace").asText()).as("the namespace Baton reads")
        .isEqualTo(config.pools().get(0).endpointSource().parameters().path("namespace").asText());
    // A Baton pool can take it as its source: the line the example's comment gives validates.
    ConfigLoader.parse("pools:\n  - name: p\n    models: [m]\n    endpointSource: {type:"
        + " inferencePool, name: " + pool.path("metadata").path("name").asText() + ", namespace: "
        + pool.path("metadata").path("namespace").asText() + "}\n", "t.yaml", k -> null);
    for (JsonNode set : kinds.get("StatefulSet")) {
      JsonNode template = set.path("spec").path("template");
      assertThat(labels(template.path("metadata").path("labels")))
          .as("the pool selects the vLLM pods").containsAllEntriesOf(selector);
      JsonNode http = template.path("spec").path("containers").get(0).path("ports").get(0);
      assertThat(ports.get(0).path("number").asInt()).as("on vLLM's port")
          .isEqualTo(http.path("containerPort").asInt());
    }
  }

  private static Map<String, List<JsonNode>> manifests() throws IOException {
    Path dir = ExampleConfigsTest.configDir().resolve("kubernetes");
    Map<String, List<JsonNode>> kinds = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (JsonNode doc : YAML.readerFor(JsonNode.class).readValues(file.toFile()).readAll()
            .stream().map(JsonNode.class::cast).toList()) {
          kinds.computeIfAbsent(doc.path("kind").asText(), k -> new ArrayList<>()).add(doc);
        }
      }
    }
    return kinds;
  }

  private static JsonNode one(Map<String, List<JsonNode>> kinds, String kind) {
    assertThat(kinds.get(kind)).as(kind).hasSize(1);
    return kinds.get(kind).get(0);
  }

  private static Map<String, String> labels(JsonNode node) {
    Map<String, String> out = new HashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new java.util.HashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
