package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hundreds of concurrent streams at a high speed: all answered in full, the engine batches them. */
class ConcurrencyTest {

  @RegisterExtension
  static SimFixture sims = SimFixture.workers(1, SimConfig.defaults().withSpeed(100));

  @Test
  void threeHundredStreamsComplete() {
    SimWorker w = sims.worker(0);
    List<Future<Http.Response>> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      all.add(sims.http().send(w, HttpMethod.POST, "/v1/completions",
          "{\"prompt\":\"request number " + i + "\",\"max_tokens\":100,\"ignore_eos\":true,\"stream\":true}",
          Map.of()));
    }
    Future<?> done = Future.all(all);
    int[] maxRunning = {0};
    Await.until("300 streams finish", () -> {
      maxRunning[0] = Math.max(maxRunning[0], w.stats().running());
      return done.isComplete();
    }, java.time.Duration.ofSeconds(90));
    for (Future<Http.Response> f : all) {
      assertThat(Sse.chunks(Await.result(f).body())).hasSize(100);
    }
    assertThat(w.stats().generationTokens()).isEqualTo(300 * 100);
    assertThat(w.stats().requestsCompleted()).isEqualTo(300);
    // Requests overlapped in the batch (max_num_seqs 256) rather than running one by one.
    assertThat(maxRunning[0]).isGreaterThan(10);
  }
}
