package dev.baton.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.RawClient;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.FaultConfig;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @RegisterExtension final TestBed bed = new TestBed();
  private SimWorker prefill;
  private SimWorker decode;
  private BatonServer baton;

  @BeforeEach
  void setUp() {
    prefill = bed.sim(SimConfig.defaults().withSpeed(20));
    decode = bed.sim(SimConfig.defaults().withSpeed(0.5));
  }

  private void startBaton(int connectionsPerWorker) {
    baton = bed.baton(TestConfigs.nixlPair(MODEL, connectionsPerWorker, prefill.baseUrl(), decode.baseUrl()));
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
