package dev.baton.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.load.TraceArrivals;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.sim.tokenizer.SimTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracePromptsTest {

  private static TraceRecord record(int promptTokens, int blockTokens, Long... hashes) {
    return new TraceRecord(0, null, null, promptTokens, blockTokens, List.of(hashes), 8, true,
        null, null, null, null, null);
  }

  private static int tokens(String text) {
    return SimTokenizer.encode(text, false).size();
  }

  /** Leading tokens two prompts have in common. */
  private static int sharedTokens(String first, String second) {
    int[] a = SimTokenizer.encode(first, false).ids();
    int[] b = SimTokenizer.encode(second, false).ids();
    int shared = 0;
    while (shared < Math.min(a.length, b.length) && a[shared] == b[shared]) {
      shared++;
    }
    return shared;
  }

  @Test
  void promptsAreAsLongAsRecordedInTheSimulatorsTokens() {
    assertThat(tokens(TracePrompts.text(record(100, 16, 1L, 2L, 3L), 5))).isEqualTo(100);
    // Hashes reaching past the length (Mooncake's partial last block) are cut at it.
    assertThat(tokens(TracePrompts.text(record(700, 512, 1L, 2L), 5))).isEqualTo(700);
    assertThat(tokens(TracePrompts.text(record(20, 0), 5))).isEqualTo(20);
  }

  @Test
  void requestsSharingBlockHashesShareExactlyThoseTokens() {
    int shared = sharedTokens(TracePrompts.text(record(64, 16, 10L, 11L, 12L), 1),
        TracePrompts.text(record(64, 16, 10L, 11L, 99L), 2));
    // Two shared blocks of 16; the third block differs from its first token (or nearly: two
    // random draws agree with probability about 1/300 per token).
    assertThat(shared).isBetween(32, 34);
  }

  @Test
  void theSameHashGivesTheSameTokensInEveryReplayAndOwnSeedsDiffer() {
    String once = TracePrompts.text(record(40, 16, 5L, 6L), 77);
    assertThat(TracePrompts.text(record(40, 16, 5L, 6L), 77)).isEqualTo(once);
    String other = TracePrompts.text(record(40, 16, 5L, 6L), 78);
    assertThat(other.substring(0, 100)).isEqualTo(once.substring(0, 100));
    assertThat(other).isNotEqualTo(once);
  }

  @Test
  void traceWorkloadSendsTheRecordedAnswerLengths() {
    TraceWorkload workload = new TraceWorkload(List.of(record(30, 16, 1L), record(30, 16, 1L)), 42);
    Prompt first = workload.next();
    Prompt second = workload.next();
    assertThat(first.maxTokens()).isEqualTo(8);
    assertThat(first.messages()).hasSize(1);
    assertThat(first.text()).isNotEqualTo(second.text());
    assertThat(first.text().substring(0, 40)).isEqualTo(second.text().substring(0, 40));
  }

  @Test
  void aTraceWhoseLinesSizeTheirBlocksApartStillSharesWholeBlocks() {
    // Lines hashed by characters: their density gave one 14 and the other 15 tokens a block.
    TraceRecord dense = new TraceRecord(0, null, null, 60, 14, List.of(1L, 2L, 3L), 8, true,
        null, null, null, null, null);
    TraceRecord sparse = new TraceRecord(0, null, null, 60, 15, List.of(1L, 2L, 4L), 8, true,
        null, null, null, null, null);
    TraceWorkload workload = new TraceWorkload(List.of(dense, sparse, sparse), 42);
    int shared = sharedTokens(workload.next().text(), workload.next().text());
    // The median size, 15, for both: two whole blocks shared.
    assertThat(shared).isBetween(30, 32);
  }

  @Test
  void arrivalsKeepTheRecordedGapsDividedByTheSpeedup() {
    TraceArrivals arrivals = new TraceArrivals(new double[] {5000, 5100, 5050, 6000}, 2.0);
    assertThat(arrivals.takeNanos()).isZero();
    assertThat(arrivals.takeNanos()).isEqualTo(50_000_000L);
    // Out of order: sent right after the one before it.
    assertThat(arrivals.takeNanos()).isEqualTo(50_000_000L);
    assertThat(arrivals.peekNanos()).isEqualTo(500_000_000L);
    arrivals.takeNanos();
    assertThat(arrivals.peekNanos()).isEqualTo(TraceArrivals.NONE);
  }
}
