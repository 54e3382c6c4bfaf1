package dev.baton.server.discovery;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Baton reads of a Gateway API Inference Extension {@code InferencePool}
 * ({@code inference.networking.k8s.io/v1}): the pods it selects ({@code spec.selector.matchLabels})
 * and the ports each of them serves on ({@code spec.targetPorts[].number}, 1 to 8 distinct ports,
 * each an endpoint of its own). The rest of the spec (the endpoint picker reference) is the
 * gateway's business.
 *
 * @param matchLabels the pod labels the pool selects; not empty
 * @param ports the target ports, in the pool's order
 */
record InferencePoolSpec(Map<String, String> matchLabels, List<Integer> ports) {

  /** The most target ports an InferencePool may list. */
  static final int MAX_PORTS = 8;

  /** The resource, for fabric8's generic client (no CRD class needed). */
  static final ResourceDefinitionContext RESOURCE = new ResourceDefinitionContext.Builder()
      .withGroup("inference.networking.k8s.io").withVersion("v1").withKind("InferencePool")
      .withPlural("inferencepools").withNamespaced(true).build();

  InferencePoolSpec {
    matchLabels = Map.copyOf(matchLabels);
    ports = List.copyOf(ports);
  }

  /**
   * Reads a pool's spec.
   *
   * @throws IllegalArgumentException saying what is missing or wrong, for the source's status
   */
  static InferencePoolSpec of(GenericKubernetesResource pool) {
    Map<?, ?> spec = mapping(pool.getAdditionalProperties().get("spec"), "spec");
    Map<?, ?> selector = mapping(spec.get("selector"), "spec.selector");
    Map<?, ?> labels = mapping(selector.get("matchLabels"), "spec.selector.matchLabels");
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("spec.selector.matchLabels is empty");
    }
    Map<String, String> matchLabels = new LinkedHashMap<>();
    labels.forEach((k, v) -> matchLabels.put(String.valueOf(k), String.valueOf(v)));
    if (!(spec.get("targetPorts") instanceof List<?> targets) || targets.isEmpty()) {
      throw new IllegalArgumentException("spec.targetPorts is missing or empty");
    }
    if (targets.size() > MAX_PORTS) {
      throw new IllegalArgumentException("spec.targetPorts lists " + targets.size()
          + " ports; at most " + MAX_PORTS);
    }
    List<Integer> ports = new ArrayList<>();
    for (Object target : targets) {
      Object number = mapping(target, "spec.targetPorts[]").get("number");
      if (!(number instanceof Number n) || n.intValue() < 1 || n.intValue() > 65535
          || n.doubleValue() != n.intValue()) {
        throw new IllegalArgumentException("spec.targetPorts[].number must be 1..65535, not "
            + number);
      }
      if (ports.contains(n.intValue())) {
        throw new IllegalArgumentException("spec.targetPorts lists " + n + " twice");
      }
      ports.add(n.intValue());
    }
    return new InferencePoolSpec(matchLabels, ports);
  }

  private static Map<?, ?> mapping(Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new IllegalArgumentException(path + " is missing or not a mapping");
  }
}
