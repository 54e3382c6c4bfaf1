package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.RawClient;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.net.http.HttpResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batch costs what it asks for: every prompt of a {@code prompt} list and every one of {@code n}
 * completions count against {@code limits.maxTokens} and are charged to the tenant's tokens per
 * minute; {@code n} has a cap. (10,000 prompts used to be charged as one.)
 */
class BatchChargesTest {
  private static final int ROUNDS = 100;

  @RegisterExtension final TestBed bed = new TestBed();

  private static String prompts(int count, int maxTokens) {
    String list = IntStream.range(0, count).mapToObj(i -> "\"p" + i + "\"")
        .collect(Collectors.joining(","));
    return "{\"model\":\"m\",\"prompt\":[" + list + "],\"max_tokens\":" + maxTokens + "}";
  }

  private static String chatN(int n, int maxTokens) {
    return Hostile.CHAT.replace("}]}", "}],\"n\":" + n + ",\"max_tokens\":" + maxTokens + "}");
  }

  @Test
  void nIsCappedAndBatchesCountAgainstMaxTokens() throws Exception {
    ScriptedWorker worker = bed.worker(Hostile::ok);
    BatonServer baton = bed.baton(Hostile.config(worker, """
        limits: {maxN: 4, maxTokens: 100000}
        """));
    Hostile.normalChatServed(baton, worker, Map.of());
    Baseline baseline = Baseline.take("oversized batches", baton);
    String huge = prompts(10_000, 16);
    // 100 rounds of three refused batches (the 10,000-prompt one is 90 KB): 300 refusals.
    for (int round = 0; round < ROUNDS; round++) {
      RawClient.Response tooManyN =
          Hostile.raw(baton, "POST /v1/chat/completions HTTP/1.1", chatN(5, 10));
      assertThat(tooManyN.status()).isEqualTo(400);
      assertThat(Hostile.error(tooManyN).get("param").asText()).isEqualTo("n");
      RawClient.Response bestOf = Hostile.raw(baton, "POST /v1/completions HTTP/1.1",
          "{\"model\":\"m\",\"prompt\":\"x\",\"best_of\":50}");
      assertThat(bestOf.status()).isEqualTo(400);
      Hostile.error(bestOf);
      RawClient.Response tooBig = Hostile.raw(baton, "POST /v1/completions HTTP/1.1", huge);
      assertThat(tooBig.status()).isEqualTo(400);
      assertThat(Hostile.error(tooBig).get("message").asText()).contains("10000 prompts");
      if (round % 10 == 9) {
        Hostile.normalChatServed(baton, worker, Map.of());
      }
    }
    assertThat(worker.requests.get()).as("only the normal requests reached the worker")
        .isEqualTo(1 + ROUNDS / 10);
    baseline.assertReturned();

    assertThat(Http.post(baton.baseUrl() + "/v1/chat/completions", chatN(4, 10)).statusCode())
        .isEqualTo(200);
    Hostile.normalChatServed(baton, worker, Map.of());
  }

  /**
   * A worker that generated all it was allowed: every choice of every prompt to {@code max_tokens},
   * one token per prompt. Baton settles a tenant's charge to the usage the worker reports, so the
   * charges below hold only because the worker did the work they stand for.
   */
  private static void fullUsage(ScriptedWorker.Exchange ex) {
    JsonObject body = ex.body().toJsonObject();
    int prompts = body.getValue("prompt") instanceof JsonArray list ? list.size() : 1;
    int completion = prompts * body.getInteger("n", 1) * body.getInteger("max_tokens", 16);
    ex.json(200, "{\"id\":\"ok\",\"object\":\"text_completion\",\"choices\":[],\"usage\":"
        + "{\"prompt_tokens\":" + prompts + ",\"completion_tokens\":" + completion
        + ",\"total_tokens\":" + (prompts + completion) + "}}");
  }

  @Test
  void everyPromptAndEveryCompletionIsChargedToTheTenant() {
    ScriptedWorker worker = bed.worker(BatchChargesTest::fullUsage);
    BatonServer baton = bed.baton(Hostile.config(worker, """
        limits:
          tenants: {batch: {tokensPerMinute: 1000}, many: {tokensPerMinute: 1000}}
        """));
    // 55 prompts x 16 tokens: about 920 of the 1,000 a minute; the next one runs into debt,
    // the third waits. Charged as one prompt, all three would pass.
    Map<String, String> batch = Map.of("x-tenant", "batch");
    String url = baton.baseUrl() + "/v1/completions";
    assertThat(Http.post(url, prompts(55, 16), batch).statusCode()).isEqualTo(200);
    assertThat(Http.post(url, prompts(55, 16), batch).statusCode()).isEqualTo(200);
    HttpResponse<String> third = Http.post(url, prompts(55, 16), batch);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("retry-after")).isPresent();

    // n = 4 x 240 tokens: the same for completions per prompt.
    Map<String, String> many = Map.of("x-tenant", "many");
    String chat = baton.baseUrl() + "/v1/chat/completions";
    assertThat(Http.post(chat, chatN(4, 240), many).statusCode()).isEqualTo(200);
    assertThat(Http.post(chat, chatN(4, 240), many).statusCode()).isEqualTo(200);
    assertThat(Http.post(chat, chatN(4, 240), many).statusCode()).isEqualTo(429);

    Hostile.normalChatServed(baton, worker, Map.of());
  }
}
