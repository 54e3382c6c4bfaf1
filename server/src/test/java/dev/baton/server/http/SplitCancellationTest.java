package dev.baton.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.DisaggregationConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.server.config.TimeoutsConfig;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.RawClient;
import dev.baton.sim.FaultConfig;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.transfer.handoff.DialectName;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that leaves a split request, in each leg: the running leg is aborted and no KV blocks
 * stay held on the prefill worker.
 */
class SplitCancellationTest {
  private static final String MODEL = SimConfig.DEFAULT_MODEL;
  private static final String PATH = "/v1/chat/completions";
  /** A long, slowed-down stream: surely still running when the client leaves. */
  private static final String LONG_STREAM = """
      {"model":"%s","stream":true,"max_tokens":4000,"ignore_eos":true,
       "messages":[{"role":"user","content":"Tell me a long story about relay races and batons."}]}"""
      .formatted(MODEL);

  private Vertx vertx;
  private SimWorker prefill;
  private SimWorker decode;
  private BatonServer baton;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    prefill = Await.get(SimWorker.start(vertx, SimConfig.defaults().withSpeed(20)));
    decode = Await.get(SimWorker.start(vertx, SimConfig.defaults().withSpeed(0.5)));
  }

  @AfterEach
  void tearDown() {
    if (baton != null) {
      Await.get(baton.close());
    }
    Await.get(prefill.close());
    Await.get(decode.close());
    Await.get(vertx.close());
  }

  private void startBaton(int connectionsPerWorker) {
    BatonConfig config = new BatonConfig(
        new ServerConfig("127.0.0.1", 0, null, connectionsPerWorker),
        TimeoutsConfig.DEFAULTS,
        List.of(new PoolConfig("pd", List.of(MODEL), DialectName.NIXL,
            new DisaggregationConfig(true, 0, 0, null),
            List.of(new EndpointConfig(prefill.baseUrl(), Role.PREFILL, null, null),
                new EndpointConfig(decode.baseUrl(), Role.DECODE, null, null)))),
        null, null, null);
    baton = Await.get(BatonServer.start(vertx, config));
  }

  private int inFlight() {
    return baton.runtime().get().endpoints().mapToInt(e -> e.inFlightRequests()).sum();
  }

  @Test
  void leavingDuringPrefillAbortsThePrefill() throws Exception {
    startBaton(64);
    prefill.faults(FaultConfig.none().withHangRate(1.0));
    try (RawClient client = RawClient.post(baton.port(), PATH, LONG_STREAM)) {
      Await.until("prefill received the leg", () -> prefill.stats().requestsReceived() == 1);
    }
    Await.until("prefill saw the abort", () -> prefill.stats().requestsAborted() == 1);
    Await.until("in-flight back to zero", () -> inFlight() == 0);
    assertThat(baton.handoffCounters().clientsGoneInPrefill()).isEqualTo(1);
    assertThat(decode.stats().requestsReceived()).isZero();
    assertThat(prefill.stats().heldBlocks()).isZero();
  }

  @Test
  void leavingDuringDecodeAbortsTheDecode() throws Exception {
    startBaton(64);
    try (RawClient client = RawClient.post(baton.port(), PATH, LONG_STREAM)) {
      client.readUntil("\"content\":\"");
    }
    Await.until("decode saw the abort", () -> decode.stats().requestsAborted() == 1);
    Await.until("in-flight back to zero", () -> inFlight() == 0);
    assertThat(decode.stats().kvTransfersIn()).isEqualTo(1);
    Await.until("prefill blocks released", () -> prefill.stats().heldBlocks() == 0);
  }

  @Test
  void leavingBetweenTheLegsReleasesTheHeldBlocks() throws Exception {
    // One connection per worker: while stream A holds the decode connection, B's decode leg waits.
    startBaton(1);
    RawClient a = RawClient.post(baton.port(), PATH, LONG_STREAM);
    a.readUntil("\"content\":\"");
    assertThat(prefill.stats().heldBlocks()).isZero(); // A's decode pulled A's blocks
    try (RawClient b = RawClient.post(baton.port(), PATH, LONG_STREAM.replace("long story", "tale"))) {
      Await.until("B's prefill holds blocks for its decode", () -> prefill.stats().heldBlocks() > 0);
    }
    Await.until("B counted as gone between the legs",
        () -> baton.handoffCounters().clientsGoneBetweenLegs() == 1);
    a.close(); // frees the decode connection for the release request
    Await.until("B's blocks released on the prefill worker", () -> prefill.stats().heldBlocks() == 0);
    assertThat(baton.handoffCounters().releases()).isEqualTo(1);
    Await.until("in-flight back to zero", () -> inFlight() == 0);
  }
}
