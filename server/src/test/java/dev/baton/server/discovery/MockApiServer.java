package dev.baton.server.discovery;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * fabric8's mock API server in CRUD mode on loopback, knowing InferencePools, with a client the
 * test edits pods and pools through; started before each test and stopped after it.
 */
final class MockApiServer implements BeforeEachCallback, AfterEachCallback {
  private KubernetesMockServer api;
  private KubernetesClient kube;

  @Override
  public void beforeEach(ExtensionContext context) throws UnknownHostException {
    api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    api.init(InetAddress.getByName("127.0.0.1"), 0);
    api.expectCustomResource(new CustomResourceDefinitionContext.Builder()
        .withGroup(InferencePoolSpec.RESOURCE.getGroup())
        .withVersion(InferencePoolSpec.RESOURCE.getVersion())
        .withKind(InferencePoolSpec.RESOURCE.getKind())
        .withPlural(InferencePoolSpec.RESOURCE.getPlural()).withScope("Namespaced").build());
    kube = api.createClient();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    kube.close();
    api.destroy();
  }

  KubernetesClient kube() {
    return kube;
  }

  String url() {
    return kube.getConfiguration().getMasterUrl();
  }

  /** A Running pod at {@code ip} with these labels and its Ready condition as given. */
  void createPod(String namespace, String name, String ip, boolean ready,
      Map<String, String> labels) {
    kube.pods().inNamespace(namespace).resource(new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
        .endMetadata()
        .withNewSpec().addNewContainer().withName("vllm").withImage("vllm").endContainer()
        .endSpec()
        .withNewStatus().withPhase("Running").withPodIP(ip)
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
        .endStatus().build()).create();
  }
}
