package dev.baton.server.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static dev.baton.server.discovery.DiscoveredWorkers.ANSWER;
import static dev.baton.server.discovery.DiscoveredWorkers.BODY;
import static dev.baton.server.discovery.DiscoveredWorkers.ids;
import static dev.baton.server.discovery.DiscoveredWorkers.send;

import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.PacedStream;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.buffer.Buffer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code kubernetes} source against fabric8's mock API server in CRUD mode, with workers on one
 * port at different loopback addresses standing for pod IPs: a pod that turns Ready is routed to
 * within a second, a deleted or NotReady pod gets no new request while its stream in flight
 * finishes, and a relabelled pod changes role.
 */
class KubernetesEndpointSourceTest {
  private static final String NS = "llm";
  private static final String STREAM =
      "{\"model\":\"m\",\"prompt\":\"hello\",\"max_tokens\":4,\"stream\":true}";

  @RegisterExtension final TestBed bed = new TestBed();
  @RegisterExtension final MockApiServer api = new MockApiServer();
  private KubernetesClient kube;

  @BeforeEach
  void client() {
    kube = api.kube();
  }

  @Test
  void podsComeAndGoAsTheyTurnReadyAreDeletedOrRelabelled() {
    AtomicInteger two = new AtomicInteger();
    AtomicInteger three = new AtomicInteger();
    int port = worker("127.0.0.2", 0, two);
    worker("127.0.0.3", port, three);
    BatonServer baton = bed.baton(ConfigLoader.parse(yaml(port), "t.yaml", k -> null));

    create("vllm-a", "127.0.0.2", false, "both");
    Await.until("the pod is seen", () -> baton.runtime().get() != null
        && kube.pods().inNamespace(NS).withName("vllm-a").get() != null);
    assertThat(ids(baton)).as("a pod that is not Ready is no endpoint").isEmpty();
    status("vllm-a", true);
    Await.until("the pod that turned Ready is routed to within 1 s",
        () -> ids(baton).equals(Set.of(id(2, port))), Duration.ofSeconds(1));
    Await.until("its first health probe answered",
        () -> Http.get(baton.baseUrl() + "/ready").statusCode() == 200);
    send(baton, 5);
    assertThat(two.get()).as("requests to the pod that turned Ready").isEqualTo(5);

    // vllm-a is the only endpoint: the stream runs there.
    CompletableFuture<HttpResponse<String>> stream =
        Http.postAsync(baton.baseUrl() + "/v1/completions", STREAM);
    Await.until("the stream runs on vllm-a", () -> streaming.get() == 1);
    create("vllm-b", "127.0.0.3", true, "both");
    Await.until("vllm-b joins", () -> ids(baton).equals(Set.of(id(2, port), id(3, port))));
    kube.pods().inNamespace(NS).withName("vllm-a").delete();
    Await.until("the deleted pod left", () -> ids(baton).equals(Set.of(id(3, port))));
    int twoAfter = two.get();
    send(baton, 10);
    assertThat(two.get()).as("requests to the deleted pod").isEqualTo(twoAfter);
    assertThat(three.get()).isEqualTo(10);
    HttpResponse<String> streamed = stream.join();
    assertThat(streamed.body().lines().filter(l -> l.startsWith("data: ")).toList())
        .as("the stream in flight on the deleted pod finished whole")
        .hasSize(21).last().isEqualTo("data: [DONE]");

    kube.pods().inNamespace(NS).withName("vllm-b")
        .edit(p -> new PodBuilder(p).editMetadata().addToLabels("llm-d.ai/role", "decode")
            .endMetadata().build());
    Await.until("the relabelled pod is a decode endpoint", () -> baton.runtime().get().endpoints()
        .anyMatch(e -> e.endpoint().role() == Role.DECODE));

    status("vllm-b", false);
    Await.until("the NotReady pod left", () -> ids(baton).isEmpty());
  }

  private final AtomicInteger streaming = new AtomicInteger();

  @Test
  void missingSettingsAreConfigErrors() {
    ConfigException noSelector = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(yaml(8000).replace("selector: {app: vllm}", ""), "t.yaml",
            k -> null));
    assertThat(noSelector.problems()).containsExactly("t.yaml:6:5: pools[0].endpointSource:"
        + " selector is required: the worker pods' labels, e.g. {app: vllm}");
    ConfigException unknown = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(yaml(8000).replace("resync: 1s", "resync: 1s\n      labelSelector: x"),
            "t.yaml", k -> null));
    assertThat(unknown.problems()).anySatisfy(p -> assertThat(p)
        .startsWith("t.yaml:6:5: pools[0].endpointSource: labelSelector: unknown key"));
  }

  private String yaml(int port) {
    return TestConfigs.sourcedPoolYaml(("\n      type: kubernetes\n      namespace: %s"
        + "\n      selector: {app: vllm}\n      port: %d\n      resync: 1s\n      apiServer: \"%s\"")
        .formatted(NS, port, api.url()));
  }

  private void create(String name, String ip, boolean ready, String role) {
    api.createPod(NS, name, ip, ready, Map.of("app", "vllm", "llm-d.ai/role", role));
  }

  private void status(String name, boolean ready) {
    UnaryOperator<Pod> flip = p -> new PodBuilder(p).editStatus().withConditions()
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
        .endStatus().build();
    kube.pods().inNamespace(NS).withName(name).editStatus(flip);
  }

  private int worker(String host, int port, AtomicInteger completions) {
    return DiscoveredWorkers.start(bed, host, port, req -> {
      completions.incrementAndGet();
      req.body().onSuccess(body -> answer(req.response(), body));
    });
  }

  /** A plain answer, or 20 events 50 ms apart for a stream. */
  private void answer(io.vertx.core.http.HttpServerResponse response, Buffer body) {
    if (!body.toString().contains("\"stream\":true")) {
      response.putHeader("content-type", "application/json").end(ANSWER);
      return;
    }
    streaming.incrementAndGet();
    PacedStream.send(bed.vertx(), response, ANSWER, 20, 50);
  }

  private static String id(int lastOctet, int port) {
    return "127.0.0." + lastOctet + ":" + port;
  }
}
