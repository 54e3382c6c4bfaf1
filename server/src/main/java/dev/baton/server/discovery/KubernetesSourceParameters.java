package dev.baton.server.discovery;

import java.time.Duration;
import java.util.Map;

/**
 * The settings of a {@code kubernetes} endpoint source: {@code endpointSource: {type: kubernetes,
 * namespace: llm, selector: {app: vllm-llama}, port: 8000, roleLabel: llm-d.ai/role}}.
 *
 * @param namespace the namespace of the worker pods. Required
 * @param selector the label selector ({@code matchLabels}) of the worker pods. Required, not empty
 * @param port the workers' port on each pod IP. Required, 1..65535
 * @param roleLabel the pod label whose value ({@code prefill}, {@code decode}, {@code both}) is the
 *     endpoint's role (default {@code llm-d.ai/role}); a pod without it, or with another value, is
 *     {@code both}
 * @param resync how often the full pod list is read again, so a missed delete leaves no ghost
 *     (default 30s, at least 1s)
 * @param apiServer the API server URL (default: the in-cluster service account, else
 *     {@code KUBECONFIG} / {@code ~/.kube/config})
 */
public record KubernetesSourceParameters(String namespace, Map<String, String> selector,
    Integer port, String roleLabel, Duration resync, String apiServer) {

  public static final String DEFAULT_ROLE_LABEL = "llm-d.ai/role";

  public KubernetesSourceParameters {
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("namespace is required");
    }
    if (selector == null || selector.isEmpty()) {
      throw new IllegalArgumentException("selector is required: the worker pods' labels, e.g."
          + " {app: vllm}");
    }
    selector = Map.copyOf(selector);
    if (port == null || port < 1 || port > 65535) {
      throw new IllegalArgumentException("port is required, 1..65535 (the workers' port)");
    }
    roleLabel = roleLabel(roleLabel);
    resync = resync(resync);
  }

  /** {@code roleLabel}, or the default when it is not set. */
  static String roleLabel(String roleLabel) {
    return roleLabel == null || roleLabel.isBlank() ? DEFAULT_ROLE_LABEL : roleLabel;
  }

  /** {@code resync}, or 30s when it is not set; at least 1s. */
  static Duration resync(Duration resync) {
    Duration value = resync == null ? Duration.ofSeconds(30) : resync;
    if (value.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("resync must be at least 1s");
    }
    return value;
  }
}
