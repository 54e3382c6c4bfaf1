package dev.baton.server.kvevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.KvEventsConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.server.config.TokenizerConfig;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.sim.kvevents.KvEventSettings;
import io.micrometer.core.instrument.FunctionCounter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Simulated workers publishing KV events, and Batons subscribed to them over real sockets: the
 * pool names each worker's PUB and replay addresses ({@code endpoints[].kvEvents}/{@code kvReplay}).
 */
final class EventFleet {
  final TestBed bed;
  final List<SimWorker> workers = new ArrayList<>();

  EventFleet(TestBed bed) {
    this.bed = bed;
  }

  SimWorker worker(SimConfig config, KvEventSettings events) {
    SimWorker w = Await.get(SimWorker.start(bed.vertx(), config, events));
    workers.add(w);
    return w;
  }

  BatonConfig config() {
    return config(null);
  }

  /** The pool of every worker, its prompts tokenized by {@code tokenizer} (null: the engine). */
  BatonConfig config(TokenizerConfig tokenizer) {
    List<EndpointConfig> endpoints = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      SimWorker w = workers.get(i);
      endpoints.add(new EndpointConfig(w.baseUrl(), Role.BOTH, "w" + i, null,
          "tcp://127.0.0.1:" + w.kvEvents().port(), "tcp://127.0.0.1:" + w.kvEvents().replayPort()));
    }
    PoolConfig pool = new PoolConfig("pool", List.of(TestConfigs.MODEL), "none", null,
        endpoints, null, null, null, null, null, new KvEventsConfig(null, null, null), tokenizer);
    return new BatonConfig(new ServerConfig("127.0.0.1", 0, 1L << 20, null), null, List.of(pool),
        null, null, null);
  }

  /** A Baton subscribed to every worker, once it heard from each (its replay from 0 answered). */
  BatonServer baton() {
    return baton(config());
  }

  /** A Baton of {@code config}, once it heard from each worker. */
  BatonServer baton(BatonConfig config) {
    BatonServer baton = bed.baton(config);
    Await.until("every worker's events are subscribed", () -> count(baton,
        "baton.kv.events.replays") >= workers.size());
    return baton;
  }

  /** Waits until each Baton applied every batch the workers published so far. */
  void settled(BatonServer... batons) {
    for (BatonServer baton : batons) {
      Await.until("Baton applied every published batch", () -> {
        long[] published = workers.stream().mapToLong(w -> w.kvEvents().batches()).toArray();
        return java.util.Arrays.stream(published).allMatch(n -> n >= 0)
            && count(baton, "baton.kv.events.batches") == java.util.Arrays.stream(published).sum();
      });
    }
  }

  static double count(BatonServer baton, String name) {
    FunctionCounter c = baton.metrics().registry().find(name).functionCounter();
    return c == null ? 0 : c.count();
  }

  /** Sends the prompt to {@code url} (a worker directly, or Baton) and returns it answered. */
  static void complete(String url, String prompt) {
    HttpResponse<String> r = Http.post(url + "/v1/completions",
        Http.JSON.createObjectNode().put("model", TestConfigs.MODEL).put("prompt", prompt)
            .put("max_tokens", 2).toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** Which worker served the request: the one whose received count moved. */
  int servedBy(String batonUrl, String prompt) {
    long[] before = workers.stream().mapToLong(w -> w.stats().requestsReceived()).toArray();
    complete(batonUrl, prompt);
    for (int i = 0; i < workers.size(); i++) {
      if (workers.get(i).stats().requestsReceived() > before[i]) {
        return i;
      }
    }
    throw new AssertionError("no worker saw the request");
  }

  /** Distinct words, so prompts of different seeds share no block. */
  static String text(long seed, int words) {
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(i == 0 ? "" : " ").append((char) ('a' + random.nextInt(26)))
          .append((char) ('a' + random.nextInt(26))).append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }
}
