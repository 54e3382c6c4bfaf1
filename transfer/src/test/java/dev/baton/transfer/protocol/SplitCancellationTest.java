package dev.baton.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.sim.FaultConfig;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import dev.baton.transfer.testing.Await;
import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.RawClient;
import dev.baton.transfer.testing.Rig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that leaves a split request, in each leg, against simulated workers: the running leg is
 * aborted and no KV blocks stay held on the prefill worker.
 */
class SplitCancellationTest {
  private static final String MODEL = SimConfig.DEFAULT_MODEL;
  private static final String PATH = "/v1/chat/completions";
  /** A long, slowed-down stream: surely still running when the client leaves. */
  private static final String LONG_STREAM = """
      {"model":"%s","stream":true,"max_tokens":4000,"ignore_eos":true,
       "messages":[{"role":"user","content":"Tell me a long story about relay races and batons."}]}"""
      .formatted(MODEL);

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();
  private SimWorker prefill;
  private SimWorker decode;

  @BeforeEach
  void setUp() {
    prefill = bed.sim(SimConfig.defaults().withSpeed(20));
    decode = bed.sim(SimConfig.defaults().withSpeed(0.5));
  }

  private Rig rig(int connectionsPerWorker) {
    return Rig.builder().model(MODEL).prefill(prefill.baseUrl()).decode(decode.baseUrl())
        .prefillRetries(0, PrefillFailurePolicy.DECODE).connectionsPerWorker(connectionsPerWorker)
        .start(bed);
  }

  @Test
  void leavingDuringPrefillAbortsThePrefill() throws Exception {
    Rig rig = rig(64);
    prefill.faults(FaultConfig.none().withHangRate(1.0));
    try (RawClient client = RawClient.post(rig.front.port(), PATH, LONG_STREAM)) {
      Await.until("prefill received the leg", () -> prefill.stats().requestsReceived() == 1);
    }
    Await.until("prefill saw the abort", () -> prefill.stats().requestsAborted() == 1);
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
    assertThat(rig.counters.clientsGoneInPrefill()).isEqualTo(1);
    assertThat(decode.stats().requestsReceived()).isZero();
    assertThat(prefill.stats().heldBlocks()).isZero();
  }

  @Test
  void leavingDuringDecodeAbortsTheDecode() throws Exception {
    Rig rig = rig(64);
    try (RawClient client = RawClient.post(rig.front.port(), PATH, LONG_STREAM)) {
      client.readUntil("\"content\":\"");
    }
    Await.until("decode saw the abort", () -> decode.stats().requestsAborted() == 1);
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
    assertThat(decode.stats().kvTransfersIn()).isEqualTo(1);
    Await.until("prefill blocks released", () -> prefill.stats().heldBlocks() == 0);
  }

  @Test
  void leavingBetweenTheLegsReleasesTheHeldBlocks() throws Exception {
    // One connection per worker: while stream A holds the decode connection, B's decode leg waits.
    Rig rig = rig(1);
    RawClient a = RawClient.post(rig.front.port(), PATH, LONG_STREAM);
    a.readUntil("\"content\":\"");
    assertThat(prefill.stats().heldBlocks()).isZero(); // A's decode pulled A's blocks
    try (RawClient b = RawClient.post(rig.front.port(), PATH, LONG_STREAM.replace("long story", "tale"))) {
      // Handed off: Baton has B's prefill answer and B's decode leg waits for A's connection. The
      // worker's held blocks alone would not do: they count before its answer reaches Baton, and a
      // client leaving then is gone in prefill.
      Await.until("B handed off to a decode leg", () -> rig.counters.handoffs() == 2);
      assertThat(prefill.stats().heldBlocks()).isPositive();
    }
    Await.until("B counted as gone between the legs", () -> rig.counters.clientsGoneBetweenLegs() == 1);
    a.close(); // frees the decode connection for the release request
    Await.until("B's blocks released on the prefill worker", () -> prefill.stats().heldBlocks() == 0);
    assertThat(rig.counters.releases()).isEqualTo(1);
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
  }
}
