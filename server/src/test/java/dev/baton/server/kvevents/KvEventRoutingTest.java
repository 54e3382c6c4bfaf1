package dev.baton.server.kvevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.sim.kvevents.KvEventSettings;
import dev.baton.sim.kvevents.KvEventSettings.Encoding;
import dev.baton.sim.kvevents.KvEventSettings.HashForm;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End to end over real sockets: simulated workers publish vLLM's KV events (each encoding, each hash
 * form), Baton subscribes, and routes by what the engines say they hold, not by its own past picks.
 */
class KvEventRoutingTest {
  /** 96 blocks of 16 tokens: a few prompts' worth, so new prompts evict old ones. */
  private static final SimConfig SMALL_KV =
      SimConfig.defaults().withModel(TestConfigs.MODEL).withSpeed(200).withKvBlocks(96);

  @RegisterExtension final TestBed bed = new TestBed();

  @ParameterizedTest(name = "{0} events, {1} hashes")
  @CsvSource({"TAGGED, INT", "TAGGED, DIGEST", "MAPS, INT", "MAPS, DIGEST"})
  void aPromptGoesWhereTheEnginesSayItIsCachedAndMovesWhenItIsEvicted(Encoding encoding,
      HashForm hashes) {
    EventFleet fleet = new EventFleet(bed);
    KvEventSettings events = KvEventSettings.onFreePorts().with(encoding).with(hashes);
    SimWorker a = fleet.worker(SMALL_KV, events);
    SimWorker b = fleet.worker(SMALL_KV, events);
    BatonServer baton = fleet.baton();
    String[] prompts = new String[4];
    for (int i = 0; i < prompts.length; i++) {
      prompts[i] = EventFleet.text(100 + i, 60);
      // Cached on b without Baton: only b's events can tell Baton.
      EventFleet.complete(b.baseUrl(), prompts[i]);
    }
    fleet.settled(baton);

    for (String prompt : prompts) {
      assertThat(fleet.servedBy(baton.baseUrl(), prompt)).as("the worker that cached it").isOne();
    }

    // b evicts prompt 0 (other prompts fill its cache), then a caches it.
    for (int i = 0; i < 12; i++) {
      EventFleet.complete(b.baseUrl(), EventFleet.text(900 + i, 200));
    }
    EventFleet.complete(a.baseUrl(), prompts[0]);
    fleet.settled(baton);
    assertThat(fleet.servedBy(baton.baseUrl(), prompts[0])).as("the worker that has it now")
        .isZero();
  }

  @ParameterizedTest(name = "{0} replay")
  @CsvSource({"TAGGED", "MAPS"})
  void aLostBatchIsRecoveredByReplay(Encoding encoding) {
    EventFleet fleet = new EventFleet(bed);
    KvEventSettings events = KvEventSettings.onFreePorts().with(encoding);
    SimWorker a = fleet.worker(SMALL_KV, events);
    SimWorker b = fleet.worker(SMALL_KV, events);
    BatonServer baton = fleet.baton();
    double gapsBefore = EventFleet.count(baton, "baton.kv.events.gaps");

    // The first batch of this prompt (its leading blocks) never reaches the subscriber.
    b.kvEvents().loseNext(1);
    String prompt = EventFleet.text(7, 60);
    EventFleet.complete(b.baseUrl(), prompt);
    EventFleet.complete(b.baseUrl(), EventFleet.text(8, 60));
    fleet.settled(baton);

    assertThat(EventFleet.count(baton, "baton.kv.events.gaps")).isGreaterThan(gapsBefore);
    assertThat(fleet.servedBy(baton.baseUrl(), prompt)).isOne();
    assertThat(a.stats().requestsReceived()).isZero();
  }
}
