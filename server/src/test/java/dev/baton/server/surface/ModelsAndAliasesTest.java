package dev.baton.server.surface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.sim.api.InfoRoutes;
import io.vertx.core.http.HttpServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /v1/models} lists what the workers report (their cards, {@code max_model_len}, adapters)
 * merged with configured aliases; an alias reaches the worker as the name it serves; {@code
 * /version} is the workers' own. Over real sockets against simulated vLLM workers.
 */
class ModelsAndAliasesTest {
  @RegisterExtension final TestBed bed = new TestBed();

  private static final String BASE = "org/base-8b";

  private BatonServer baton(String... urls) {
    StringBuilder endpoints = new StringBuilder();
    for (String url : urls) {
      endpoints.append("{url: \"").append(url).append("\"},");
    }
    return bed.baton(ConfigLoader.parse("""
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        pools:
          - name: p
            models: [%s, sql-lora]
            loraAdapters: [sql-lora]
            aliases: {base: %s}
            upstreamApiKey: worker-key
            endpoints: [%s]
        """.formatted(BASE, BASE, endpoints), "baton.yaml"));
  }

  @Test
  void modelsAreTheWorkersCardsWithAliasesBesideThem() {
    SimWorker sim = bed.sim(SimConfig.defaults().withModel(BASE)
        .withLoraAdapters(List.of("sql-lora")).withMaxModelLen(8192));
    BatonServer baton = baton("http://127.0.0.1:" + sim.port());
    Await.until("the workers' cards are listed", () -> Http.get(baton.baseUrl() + "/v1/models")
        .body().contains("max_model_len"));
    JsonNode data = Http.json(Http.get(baton.baseUrl() + "/v1/models").body()).get("data");
    Map<String, JsonNode> byId = new java.util.TreeMap<>();
    data.forEach(card -> byId.put(card.get("id").asText(), card));
    assertThat(byId).containsOnlyKeys("base", BASE, "sql-lora");
    assertThat(byId.get(BASE).get("owned_by").asText()).isEqualTo("vllm");
    assertThat(byId.get(BASE).get("max_model_len").asInt()).isEqualTo(8192);
    assertThat(byId.get("sql-lora").get("parent").asText()).isEqualTo(BASE);
    assertThat(byId.get("sql-lora").get("max_model_len").asInt()).isEqualTo(8192);
    assertThat(byId.get("base").get("root").asText()).isEqualTo(BASE);
    assertThat(byId.get("base").get("max_model_len").asInt()).isEqualTo(8192);

    HttpResponse<String> version = Http.get(baton.baseUrl() + "/version");
    assertThat(version.statusCode()).as(version.body()).isEqualTo(200);
    assertThat(Http.json(version.body()).get("version").asText()).isEqualTo(InfoRoutes.VERSION);
  }

  @Test
  void anAliasReachesTheWorkerAsTheNameItServes() {
    SimWorker sim = bed.sim(SimConfig.defaults().withModel(BASE));
    BatonServer baton = baton("http://127.0.0.1:" + sim.port());
    HttpResponse<String> chat = Http.post(baton.baseUrl() + "/v1/chat/completions",
        "{\"model\":\"base\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
    assertThat(Http.json(chat.body()).get("model").asText()).isEqualTo(BASE);
    HttpResponse<String> stream = Http.post(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"base\",\"max_tokens\":3,\"stream\":true,\"prompt\":\"hello\"}");
    assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
    assertThat(stream.body()).contains("data: [DONE]").contains("\"model\":\"" + BASE + "\"");
    HttpResponse<String> tokenize = Http.post(baton.baseUrl() + "/tokenize",
        "{\"model\":\"base\",\"prompt\":\"hello world\"}");
    assertThat(tokenize.statusCode()).as(tokenize.body()).isEqualTo(200);
    assertThat(Http.json(tokenize.body()).get("count").asInt()).isPositive();
  }

  @Test
  void theCatalogIsPolledWithTheWorkersKeyNotFetchedPerClientRequest() {
    AtomicInteger polls = new AtomicInteger();
    List<String> keys = new CopyOnWriteArrayList<>();
    HttpServer worker = Await.get(bed.vertx().createHttpServer().requestHandler(req -> {
      if (req.path().equals("/v1/models")) {
        polls.incrementAndGet();
        keys.add(String.valueOf(req.getHeader("authorization")));
        req.response().putHeader("content-type", "application/json").end("{\"object\":\"list\","
            + "\"data\":[{\"id\":\"" + BASE + "\",\"object\":\"model\",\"owned_by\":\"acme\","
            + "\"max_model_len\":4096}]}");
      } else {
        req.response().setStatusCode(req.path().equals("/health") ? 200 : 404).end();
      }
    }).listen(0, "127.0.0.1"));
    bed.closeAfter(() -> Await.get(worker.close()));
    long started = System.nanoTime();
    BatonServer baton = baton("http://127.0.0.1:" + worker.actualPort());
    Await.until("the card is in", () -> Http.get(baton.baseUrl() + "/v1/models").body()
        .contains("\"owned_by\":\"acme\""));
    int clientRequests = 50;
    for (int i = 0; i < clientRequests; i++) {
      assertThat(Http.get(baton.baseUrl() + "/v1/models").body()).contains("\"max_model_len\":4096");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // One poll at start, then one per 5 s interval: nothing to do with the 50 client requests.
    assertThat(polls.get()).isLessThanOrEqualTo(2 + (int) (seconds / 5));
    assertThat(keys).allMatch("Bearer worker-key"::equals);
  }

  @Test
  void anAliasOfNoModelOrOfAnotherPoolsNameIsAConfigError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.parse("""
            pools:
              - {name: a, models: [m1], aliases: {short: m2}, endpoints: [{url: "http://h:1"}]}
              - {name: b, models: [m2], aliases: {m1: m2}, endpoints: [{url: "http://h:2"}]}
            """, "baton.yaml"))
        .hasMessageContaining("pools[0].aliases.short: must name one of this pool's models")
        .hasMessageContaining("pools[1].aliases.m1: alias m1 is already a model name or alias");
  }
}
