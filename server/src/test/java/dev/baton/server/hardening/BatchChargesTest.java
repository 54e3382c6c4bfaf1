package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.net.http.HttpResponse;
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
  void nIsCappedAndBatchesCountAgainstMaxTokens() {
    ScriptedWorker worker = bed.worker(Hostile::ok);
    BatonServer baton = bed.baton(Hostile.config(worker, """
        limits: {maxN: 4, maxTokens: 100000}
        """));
    HttpResponse<String> tooManyN =
        Http.post(baton.baseUrl() + "/v1/chat/completions", chatN(5, 10));
    assertThat(tooManyN.statusCode()).isEqualTo(400);
    assertThat(Http.error(tooManyN).get("param").asText()).isEqualTo("n");
    HttpResponse<String> bestOf = Http.post(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"m\",\"prompt\":\"x\",\"best_of\":50}");
    assertThat(bestOf.statusCode()).isEqualTo(400);

    HttpResponse<String> huge =
        Http.post(baton.baseUrl() + "/v1/completions", prompts(10_000, 16));
    assertThat(huge.statusCode()).isEqualTo(400);
    assertThat(Http.error(huge).get("message").asText()).contains("10000 prompts");
    assertThat(worker.requests.get()).isZero();

    assertThat(Http.post(baton.baseUrl() + "/v1/chat/completions", chatN(4, 10)).statusCode())
        .isEqualTo(200);
    Hostile.normalChatServed(baton, worker, Map.of());
  }

  @Test
  void everyPromptAndEveryCompletionIsChargedToTheTenant() {
    ScriptedWorker worker = bed.worker(Hostile::ok);
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
