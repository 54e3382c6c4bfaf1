package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.server.epp.EppOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * config/kubernetes/gateway against the InferencePool of config/kubernetes: the picker's Service is
 * what the pool's endpointPickerRef names, on the port {@code baton epp} listens on, with the
 * protocol's gRPC health services as probes; its configuration reads that pool; the HTTPRoute sends
 * to the pool; the decode pods' sidecar owns the pool's target port in front of vLLM.
 */
class GatewayManifestsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void thePickerIsWhatTheInferencePoolNames() throws IOException {
    JsonNode pool = only(read("inferencepool-example.yaml"), "InferencePool");
    List<JsonNode> epp = read("gateway/baton-epp.yaml");
    JsonNode service = only(epp, "Service");
    JsonNode ref = pool.path("spec").path("endpointPickerRef");
    assertThat(service.path("metadata").path("name").asText()).isEqualTo(ref.path("name").asText());
    JsonNode grpc = named(service.path("spec").path("ports"), "grpc");
    assertThat(grpc.path("port").asInt()).isEqualTo(ref.path("port").path("number").asInt())
        .isEqualTo(EppOptions.DEFAULT_PORT);

    JsonNode pod = only(epp, "Deployment").path("spec").path("template");
    JsonNode container = pod.path("spec").path("containers").get(0);
    List<String> args = strings(container.path("args"));
    assertThat(args.get(0)).isEqualTo("epp");
    int listens = Integer.parseInt(args.get(args.indexOf("--grpc-port") + 1));
    assertThat(named(container.path("ports"), "grpc").path("containerPort").asInt())
        .isEqualTo(listens).isEqualTo(grpc.path("port").asInt());
    assertThat(container.path("readinessProbe").path("grpc").path("service").asText())
        .isEqualTo("readiness");
    assertThat(container.path("livenessProbe").path("grpc").path("service").asText())
        .isEqualTo("liveness");
    service.path("spec").path("selector").fields().forEachRemaining(label -> assertThat(
        pod.path("metadata").path("labels").path(label.getKey()).asText())
        .isEqualTo(label.getValue().asText()));

    BatonConfig config = ConfigLoader.parse(
        only(epp, "ConfigMap").path("data").path("baton.yaml").asText(), "baton-epp.yaml", k -> null);
    EndpointSourceSpec source = config.pools().get(0).endpointSource();
    assertThat(source.type()).isEqualTo("inferencePool");
    assertThat(source.parameters().path("name").asText())
        .isEqualTo(pool.path("metadata").path("name").asText());
  }

  @Test
  void theRouteSendsToThePoolAndTheSidecarOwnsItsPort() throws IOException {
    JsonNode pool = only(read("inferencepool-example.yaml"), "InferencePool");
    JsonNode backend = only(read("gateway/httproute-example.yaml"), "HTTPRoute")
        .path("spec").path("rules").get(0).path("backendRefs").get(0);
    assertThat(backend.path("kind").asText()).isEqualTo("InferencePool");
    assertThat(backend.path("group").asText()).isEqualTo("inference.networking.k8s.io");
    assertThat(backend.path("name").asText()).isEqualTo(pool.path("metadata").path("name").asText());

    JsonNode pod = only(read("gateway/vllm-decode-sidecar.yaml"), "StatefulSet")
        .path("spec").path("template");
    pool.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
        assertThat(pod.path("metadata").path("labels").path(label.getKey()).asText())
            .as("the pool selects the decode pods").isEqualTo(label.getValue().asText()));
    JsonNode sidecar = pod.path("spec").path("containers").get(0);
    JsonNode vllm = pod.path("spec").path("containers").get(1);
    assertThat(sidecar.path("ports").get(0).path("containerPort").asInt())
        .as("the sidecar listens on the pool's target port")
        .isEqualTo(pool.path("spec").path("targetPorts").get(0).path("number").asInt());
    List<String> args = strings(sidecar.path("args"));
    assertThat(args.get(0)).isEqualTo("sidecar");
    String decode = args.get(args.indexOf("--decode") + 1);
    int enginePort = vllm.path("ports").get(0).path("containerPort").asInt();
    assertThat(decode).isEqualTo("http://127.0.0.1:" + enginePort);
    assertThat(strings(vllm.path("args"))).contains("--port=" + enginePort);
    assertThat(args).as("prefill hosts come from the pool, never from the header alone")
        .contains("--pools");
  }

  private static List<JsonNode> read(String file) throws IOException {
    Path path = ExampleConfigsTest.configDir().resolve("kubernetes").resolve(file);
    return YAML.readerFor(JsonNode.class).<JsonNode>readValues(path.toFile()).readAll();
  }

  private static JsonNode only(List<JsonNode> docs, String kind) {
    List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static JsonNode named(JsonNode list, String name) {
    return StreamSupport.stream(list.spliterator(), false)
        .filter(n -> n.path("name").asText().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return out;
  }
}
