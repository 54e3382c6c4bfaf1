package dev.baton.server.http;

import static dev.baton.server.testing.TestConfigs.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the front door adds to forwarding, over real sockets: request ids, stripping a client's
 * {@code kv_transfer_params}, other {@code /v1/*} routes and HTTP/2. The relay itself is tested in
 * transfer ({@code dev.baton.transfer.relay.RelayTest}).
 */
class FrontDoorForwardingTest {
  @RegisterExtension final TestBed bed = new TestBed();
  private BatonServer baton;

  @Test
  void generatesRequestIdWhenAbsentAndStripsClientKvTransferParams() {
    ScriptedWorker w = bed.worker(ex -> ex.json(200, "{\"ok\":true}"));
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"" + MODEL + "\",\"prompt\":\"hi\",\"kv_transfer_params\":{\"remote_host\":\"10.6.6.6\"}}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"ok\":true}");
    String id = r.headers().firstValue("x-request-id").orElseThrow();
    assertThat(w.headers.get(0).get("x-request-id")).isEqualTo(id);
    assertThat(w.bodies.get(0).containsKey("kv_transfer_params")).isFalse();
  }

  @Test
  void otherV1RoutesGoToAWorkerOfTheModel() {
    ScriptedWorker w = bed.worker(
        ex -> ex.json(200, "{\"path\":\"" + ex.request().path() + "\"}"));
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/embeddings",
        "{\"model\":\"" + MODEL + "\",\"input\":\"hi\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"path\":\"/v1/embeddings\"}");
    HttpResponse<String> noModel = Http.get(baton.baseUrl() + "/v1/files");
    assertThat(noModel.statusCode()).isEqualTo(404);
    Http.error(noModel);
  }

  @Test
  void servesHttp2Cleartext() {
    ScriptedWorker w = bed.worker(ex -> ex.json(200, "{\"ok\":true}"));
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    HttpClientAgent h2 = bed.vertx().createHttpClient(
        new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    try {
      var response = Await.get(h2.request(new RequestOptions().setMethod(HttpMethod.POST)
              .setPort(baton.port()).setHost("127.0.0.1").setURI("/v1/completions"))
          .compose(req -> req.send("{\"model\":\"" + MODEL + "\",\"prompt\":\"hi\"}")
              .compose(resp -> resp.body().map(b -> resp.version() + " " + resp.statusCode() + " " + b))));
      assertThat(response).isEqualTo("HTTP_2 200 {\"ok\":true}");
    } finally {
      Await.get(h2.close());
    }
  }
}
