package dev.baton.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.transfer.testing.ScriptedWorker;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client headers Baton acts on, read in one pass when a request arrives ({@link ClientHeaders}),
 * over real HTTP/1.1 and HTTP/2 sockets (their header maps are of different kinds): names in any
 * case, the first of a repeated header, the configured tenant header, SLO headers.
 */
class ClientHeadersTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00f067aa0ba902b7";

  @RegisterExtension final TestBed bed = new TestBed();
  private ScriptedWorker worker;
  private BatonServer baton;
  private HttpClientAgent client;

  private enum Protocol { HTTP_1_1, HTTP_2 }

  @BeforeEach
  void setUp() {
    worker = bed.worker(ex -> ex.json(200, "{\"ok\":true}"));
    baton = bed.baton(ConfigLoader.parse(TestConfigs.onePoolYaml(worker.url(), "", """
        admission: {tenantHeader: X-Team}
        limits:
          rate: {requestsPerMinute: 1}
        """), "headers.yaml"));
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      Await.get(client.close());
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void keepsTheClientsRequestIdAndTraceWhateverTheCaseOfTheirNames(Protocol protocol) {
    Answer answer = post(protocol, MultiMap.caseInsensitiveMultiMap()
        .add("X-Request-ID", "req-" + protocol).add("x-request-id", "second")
        .add("TraceParent", "00-" + TRACE + "-" + PARENT + "-01"));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers().get("x-request-id")).isEqualTo("req-" + protocol);
    MultiMap forwarded = worker.headers.get(0);
    assertThat(forwarded.getAll("x-request-id")).containsExactly("req-" + protocol);
    // Baton is one more hop of the client's trace: same trace and flags, its own parent id.
    String traceparent = forwarded.get("traceparent");
    assertThat(traceparent).startsWith("00-" + TRACE + "-").endsWith("-01")
        .doesNotContain(PARENT);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void limitsEachTenantNamedByTheConfiguredHeaderInAnyCase(Protocol protocol) {
    String tenant = "team-" + protocol;
    assertThat(post(protocol, MultiMap.caseInsensitiveMultiMap().add("x-team", tenant)).status())
        .isEqualTo(200);
    // A value with a leading space is trimmed, over HTTP/1.1; HTTP/2 forbids one (RFC 9113 8.2.1),
    // so Netty's client refuses to send it.
    String padded = protocol == Protocol.HTTP_1_1 ? " " + tenant : tenant;
    Answer second = post(protocol, MultiMap.caseInsensitiveMultiMap().add("X-TEAM", padded));
    assertThat(second.status()).isEqualTo(429);
    assertThat(new JsonObject(second.body()).getJsonObject("error").getString("message"))
        .contains("tenant " + tenant + ";");
    // Another tenant has its own bucket.
    assertThat(post(protocol, MultiMap.caseInsensitiveMultiMap().add("X-Team", tenant + "-b"))
        .status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void refusesAnSloHeaderThatIsNoNumberUnderEitherSpelling(Protocol protocol) {
    for (String name : List.of("X-LLM-D-SLO-TPOT-MS", "X-Slo-Ttft-Ms")) {
      Answer answer = post(protocol, MultiMap.caseInsensitiveMultiMap()
          .add("x-team", name + protocol).add(name, "soon"));
      assertThat(answer.status()).as(name).isEqualTo(400);
      JsonObject error = new JsonObject(answer.body()).getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("invalid_slo_header");
      assertThat(error.getString("message")).contains(name.toLowerCase()).contains("'soon'");
    }
    assertThat(worker.requests.get()).isZero();
  }

  private record Answer(int status, MultiMap headers, String body) {}

  private Answer post(Protocol protocol, MultiMap headers) {
    if (client == null) {
      client = bed.vertx().createHttpClient(new HttpClientOptions()
          .setProtocolVersion(protocol == Protocol.HTTP_2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1)
          .setHttp2ClearTextUpgrade(false));
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setHost("127.0.0.1").setPort(baton.port()).setURI("/v1/completions")
        .setHeaders(headers.add("content-type", "application/json"));
    return Await.get(client.request(options)
        .compose(req -> req.send("{\"model\":\"m\",\"prompt\":\"hi\"}"))
        .compose(resp -> {
          assertThat(resp.version().name()).isEqualTo(protocol.name());
          return resp.body().map(b -> new Answer(resp.statusCode(), resp.headers(), b.toString()));
        }));
  }
}
