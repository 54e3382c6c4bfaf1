package dev.baton.server.discovery;

import java.time.Duration;

/**
 * The settings of an {@code inferencePool} endpoint source: {@code endpointSource: {type:
 * inferencePool, name: llama, namespace: llm}}.
 *
 * @param name the InferencePool's name. Required
 * @param namespace its namespace, which is also its pods'. Required
 * @param roleLabel the pod label whose value ({@code prefill}, {@code decode}, {@code both}) is the
 *     endpoint's role (default {@code llm-d.ai/role}), as for the {@code kubernetes} source
 * @param resync how often the pods are listed again, so a missed delete leaves no ghost (default
 *     30s, at least 1s)
 * @param apiServer the API server URL (default: the in-cluster service account, else
 *     {@code KUBECONFIG} / {@code ~/.kube/config})
 */
public record InferencePoolSourceParameters(String name, String namespace, String roleLabel,
    Duration resync, String apiServer) {

  public InferencePoolSourceParameters {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required: the InferencePool's name");
    }
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("namespace is required: the InferencePool's namespace");
    }
    roleLabel = KubernetesSourceParameters.roleLabel(roleLabel);
    resync = KubernetesSourceParameters.resync(resync);
  }
}
