package dev.baton.server.discovery;

import dev.baton.router.endpoint.Role;
import dev.baton.server.config.EndpointConfig;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which pods are endpoints, and as what: a pod is one when it is Running, has a pod IP, its
 * {@code Ready} condition is True and it is not being deleted (a Terminating pod leaves at once).
 * Its role comes from a label, its labels feed label filters, its ports from the configuration or
 * the InferencePool: each port of a pod is an endpoint of its own.
 */
final class PodEndpoints {
  private PodEndpoints() {}

  /** The endpoints of the serving pods, by pod name, then in the order of {@code ports}. */
  static List<EndpointConfig> of(Collection<Pod> pods, List<Integer> ports, String roleLabel) {
    return pods.stream()
        .filter(PodEndpoints::serving)
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .flatMap(p -> ports.stream().map(port -> endpoint(p, port, roleLabel)))
        .toList();
  }

  static boolean serving(Pod pod) {
    if (pod.getMetadata() == null || pod.getMetadata().getDeletionTimestamp() != null
        || pod.getStatus() == null) {
      return false;
    }
    String ip = pod.getStatus().getPodIP();
    return "Running".equals(pod.getStatus().getPhase()) && ip != null && !ip.isBlank()
        && Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()).stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static EndpointConfig endpoint(Pod pod, int port, String roleLabel) {
    String ip = pod.getStatus().getPodIP();
    Map<String, String> labels =
        Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    return new EndpointConfig("http://" + host + ":" + port, role(labels.get(roleLabel)), null,
        labels);
  }

  private static Role role(String value) {
    if (value == null) {
      return Role.BOTH;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "prefill" -> Role.PREFILL;
      case "decode" -> Role.DECODE;
      default -> Role.BOTH;
    };
  }
}
