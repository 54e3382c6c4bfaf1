package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
    for (JsonNode rule : role.path("rules")) {
      assertThat(strings(rule.path("resources"))).containsOnly("pods");
      assertThat(strings(rule.path("verbs"))).isSubsetOf("get", "list", "watch");
    }

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
