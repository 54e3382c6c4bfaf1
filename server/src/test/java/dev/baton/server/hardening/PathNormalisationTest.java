package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.transfer.testing.RawClient;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Paths a worker's server would read as another route than Baton does ({@code
 * /v1/chat%2Fcompletions} reached the worker as chat, past every check, with a client's
 * {@code kv_transfer_params}): refused with 400 before routing, with or without a key.
 */
class PathNormalisationTest {
  private static final int ROUNDS = 10;

  @RegisterExtension final TestBed bed = new TestBed();

  private static final List<String> AMBIGUOUS = List.of(
      "/v1/chat%2Fcompletions", "/v1/chat%2fcompletions", "/v1%2Fchat%2Fcompletions",
      "/v1/chat%5Ccompletions", "/v1/chat\\completions", "/v1//chat/completions",
      "/v1/./chat/completions", "/v1/x/../chat/completions", "/v1/%2e%2e/v1/chat/completions",
      "/v1/x/%2E%2E/chat/completions", "/v1/chat%252Fcompletions", "/v1/chat/completions;a=b",
      "/./v1/chat/completions", "/v1/embeddings%2F..%2Fchat%2Fcompletions",
      "/v1/chat/completion%73", "http://127.0.0.1/v1/chat/completions");

  @Test
  void ambiguousPathsAre400BeforeAnyRouteAndNothingReachesAWorker() throws Exception {
    ScriptedWorker worker = bed.worker(Hostile::ok);
    BatonServer baton = bed.baton(Hostile.config(worker, """
        auth: {keys: [{name: team, key: secret}]}
        limits: {rate: {requestsPerMinute: 100}}
        """));
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"max_tokens\":999999999,"
        + "\"kv_transfer_params\":{\"remote_host\":\"10.0.0.9\",\"remote_port\":5600}}";
    Map<String, String> team = Map.of("authorization", "Bearer secret");
    Hostile.normalChatServed(baton, worker, team);
    Baseline baseline = Baseline.take("ambiguous paths", baton);
    // 10 rounds of 32: 320 refusals on fresh connections, a normal request served between rounds.
    for (int round = 0; round < ROUNDS; round++) {
      for (String path : AMBIGUOUS) {
        for (String auth : List.of("\r\nAuthorization: Bearer secret", "")) {
          RawClient.Response r = Hostile.raw(baton, "POST " + path + " HTTP/1.1" + auth, body);
          assertThat(r.status()).as(path).isEqualTo(400);
          assertThat(Hostile.error(r).get("code").asText()).as(path).isEqualTo("invalid_path");
        }
      }
      Hostile.normalChatServed(baton, worker, team);
    }
    assertThat(worker.requests.get()).as("only the normal requests reached the worker")
        .isEqualTo(1 + ROUNDS);
    baseline.assertReturned();
    Hostile.normalChatServed(baton, worker, team);
  }

  @Test
  void plainPathsStillRouteAndAQueryIsNoProblem() throws Exception {
    ScriptedWorker worker = bed.worker(Hostile::ok);
    BatonServer baton = bed.baton(Hostile.config(worker, ""));
    RawClient.Response r =
        Hostile.raw(baton, "POST /v1/chat/completions?x=%2F.. HTTP/1.1", Hostile.CHAT);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(worker.requests.get()).isEqualTo(1);
    // Forwarded to the chat route itself, never to a path spelled by the client.
    assertThat(worker.headers.get(0)).isNotNull();
    Hostile.normalChatServed(baton, worker, Map.of());
  }
}
