package dev.baton.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import io.vertx.core.MultiMap;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Client API keys on the front door, and what credentials reach the workers. */
class AuthTest {
  private static final String BODY = """
      {"model":"m","prompt":"hello","max_tokens":2}""";
  private static final String ANSWER = """
      {"id":"cmpl-1","object":"text_completion","choices":[{"index":0,"text":"hi","finish_reason":"length"}]}""";

  @TempDir Path dir;
  @RegisterExtension final TestBed bed = new TestBed();
  private ScriptedWorker worker;
  private BatonServer baton;

  @BeforeEach
  void setUp() {
    worker = bed.worker(ex -> ex.json(200, ANSWER));
  }

  private void start(String poolExtras, String sections) {
    String yaml = TestConfigs.onePoolYaml(worker.url(), poolExtras, sections);
    baton = bed.baton(ConfigLoader.parse(yaml, "auth.yaml"));
  }

  private void startWithKeys(String poolExtras) throws Exception {
    Path keyFile = dir.resolve("keys.txt");
    Files.writeString(keyFile, "# tenants from a file\n\nteam-c sk-c-789\n");
    String digest = HexFormat.of().formatHex(ApiKeys.sha256("sk-b-456"));
    start(poolExtras, """
        auth:
          keys:
            - {name: team-a, key: sk-a-123}
            - {name: team-b, sha256: %s}
          keyFile: %s
        """.formatted(digest, keyFile));
  }

  private HttpResponse<String> call(Map<String, String> headers) {
    return Http.post(baton.baseUrl() + "/v1/completions", BODY, headers);
  }

  private MultiMap lastWorkerHeaders() {
    return worker.headers.get(worker.headers.size() - 1);
  }

  @Test
  void aMissingKeyIsA401InOpenAisShape() throws Exception {
    startWithKeys("");
    HttpResponse<String> r = call(Map.of());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("www-authenticate")).hasValueSatisfying(
        v -> assertThat(v).startsWith("Bearer"));
    JsonNode error = Http.error(r);
    assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(Http.get(baton.baseUrl() + "/v1/models").statusCode()).isEqualTo(401);
    assertThat(worker.requests.get()).isZero();
  }

  @Test
  void aWrongKeyIsA401() throws Exception {
    startWithKeys("");
    for (String auth : new String[] {"Bearer sk-a-12", "Bearer sk-a-1234", "Basic c2s6YQ==",
        "Bearer ", "bearer sha256:" + "0".repeat(64)}) {
      HttpResponse<String> r = call(Map.of("Authorization", auth));
      assertThat(r.statusCode()).as(auth).isEqualTo(401);
      Http.error(r);
    }
    assertThat(worker.requests.get()).isZero();
  }

  @Test
  void keysFromTheListTheirDigestsAndTheKeyFileAreAccepted() throws Exception {
    startWithKeys("");
    for (String key : new String[] {"sk-a-123", "sk-b-456", "sk-c-789"}) {
      HttpResponse<String> r = call(Map.of("Authorization", "Bearer " + key));
      assertThat(r.statusCode()).as(key).isEqualTo(200);
    }
    assertThat(worker.requests.get()).isEqualTo(3);
    assertThat(Http.get(baton.baseUrl() + "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void workersGetThePoolsUpstreamKeyNeverTheClients() throws Exception {
    startWithKeys("    upstreamApiKey: worker-secret");
    assertThat(call(Map.of("Authorization", "Bearer sk-a-123")).statusCode()).isEqualTo(200);
    assertThat(lastWorkerHeaders().getAll("authorization")).containsExactly("Bearer worker-secret");
  }

  @Test
  void withoutAnUpstreamKeyWorkersGetNoAuthorizationByDefault() {
    start("", "");
    assertThat(call(Map.of("Authorization", "Bearer client-key")).statusCode()).isEqualTo(200);
    assertThat(lastWorkerHeaders().get("authorization")).isNull();
  }

  @Test
  void forwardClientAuthorizationPassesTheClientsHeaderWhenAsked() {
    start("    forwardClientAuthorization: true", "");
    assertThat(call(Map.of("Authorization", "Bearer client-key")).statusCode()).isEqualTo(200);
    assertThat(lastWorkerHeaders().get("authorization")).isEqualTo("Bearer client-key");
  }

  @Test
  void routingHeadersFromClientsNeverReachWorkers() {
    start("", "");
    HttpResponse<String> r = call(Map.of(
        "x-prefiller-host-port", "evil.example:8000",
        "X-Prefiller-Url", "http://evil.example",
        "x-data-parallel-rank", "3",
        "x-baton-route", "w9",
        "x-custom", "kept"));
    assertThat(r.statusCode()).isEqualTo(200);
    MultiMap seen = lastWorkerHeaders();
    assertThat(seen.names()).noneMatch(RoutingHeaders::isRouting);
    assertThat(seen.get("x-custom")).isEqualTo("kept");
  }

  @Test
  void noKeysMeansAuthenticationIsOff() {
    start("", "");
    assertThat(call(Map.of()).statusCode()).isEqualTo(200);
  }
}
