package dev.baton.server.discovery;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** How the Kubernetes sources reach the API server. */
final class KubernetesClients {
  private KubernetesClients() {}

  /**
   * A client for {@code apiServer}, or, when it is null, for the in-cluster service account (else
   * {@code KUBECONFIG} / {@code ~/.kube/config}). Reads files: call it on a worker thread.
   */
  static KubernetesClient connect(String apiServer) {
    ConfigBuilder config = new ConfigBuilder();
    if (apiServer != null) {
      config.withMasterUrl(apiServer);
    }
    return new KubernetesClientBuilder().withConfig(config.build()).build();
  }
}
