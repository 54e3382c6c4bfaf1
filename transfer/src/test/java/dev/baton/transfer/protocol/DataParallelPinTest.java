package dev.baton.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.transfer.handoff.Dialects;
import dev.baton.transfer.testing.Await;
import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.Rig;
import dev.baton.transfer.testing.ScriptedWorker;
import io.vertx.core.MultiMap;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every leg sent to a data-parallel server names the rank the scheduler picked with {@code
 * X-data-parallel-rank}; a server with one rank gets no such header; a dialect sees the ranks.
 */
class DataParallelPinTest {
  private static final String CHAT = """
      {"model":"m","max_tokens":3,"messages":[{"role":"user","content":"hi"}]}""";

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();

  @BeforeAll
  static void registerTheTestDialect() {
    if (Dialects.find(RendezvousTestDialect.NAME).isEmpty()) {
      Dialects.register(new RendezvousTestDialect());
    }
  }

  @Test
  void concurrentRequestsArePinnedToTheRanksTheySpreadOver() {
    // The worker holds every answer until three requests are in, so each pick sees the others' load.
    List<ScriptedWorker.Exchange> held = new ArrayList<>();
    ScriptedWorker worker = bed.worker(ex -> {
      held.add(ex);
      if (held.size() == 3) {
        held.forEach(h -> h.json(200, "{\"ok\":true}"));
      }
    });
    Rig rig = Rig.builder().decode(worker.url()).dataParallelSize(3).start(bed);
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(CompletableFuture.supplyAsync(
          () -> Http.post(rig.url("/v1/chat/completions"), CHAT, Map.of())));
      int arrived = i + 1;
      Await.until("request " + arrived + " reached the worker",
          () -> worker.requests.get() == arrived);
    }
    sent.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
    assertThat(worker.headers).extracting(h -> h.get("x-data-parallel-rank"))
        .containsExactlyInAnyOrder("0", "1", "2");
    Await.until("leases released", () -> rig.inFlight() == 0);
  }

  @Test
  void aServerWithOneRankGetsNoRankHeader() {
    ScriptedWorker worker = bed.worker(ex -> ex.json(200, "{\"ok\":true}"));
    Rig rig = Rig.builder().decode(worker.url()).start(bed);
    assertThat(Http.post(rig.url("/v1/chat/completions"), CHAT, Map.of()).statusCode())
        .isEqualTo(200);
    assertThat(worker.headers).extracting(h -> h.contains("x-data-parallel-rank"))
        .containsExactly(false);
  }

  @Test
  void bothConcurrentLegsArePinnedAndTheDialectSeesThePrefillRank() {
    ScriptedWorker prefill = bed.worker(ex -> ex.json(200, "{\"id\":\"p\"}"));
    ScriptedWorker decode = bed.worker(ex -> ex.json(200, "{\"id\":\"d\"}"));
    Rig rig = Rig.builder().dialect(RendezvousTestDialect.NAME).prefill(prefill.url())
        .decode(decode.url()).dataParallelSize(2).start(bed);
    assertThat(Http.post(rig.url("/v1/chat/completions"), CHAT, Map.of()).statusCode())
        .isEqualTo(200);
    MultiMap prefillHeaders = prefill.headers.get(0);
    assertThat(prefillHeaders.get("x-data-parallel-rank")).isIn("0", "1");
    assertThat(decode.headers.get(0).get("x-data-parallel-rank")).isIn("0", "1");
    assertThat(decode.bodies.get(0).getInteger("prefill_rank"))
        .isEqualTo(Integer.parseInt(prefillHeaders.get("x-data-parallel-rank")));
  }
}
