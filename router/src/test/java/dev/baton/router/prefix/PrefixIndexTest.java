package dev.baton.router.prefix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.testing.Fixtures;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrefixIndexTest {
  private static final PrefixIndex.Settings SMALL = new PrefixIndex.Settings(64, 256, 10_000, 256);

  private final long[] blocks = new long[256];

  private int hash(PrefixIndex index, String prompt) {
    return index.hashPrompt(Fixtures.MODEL, prompt, blocks);
  }

  @ParameterizedTest(name = "endpoint was sent {0} shared chars; prompt has {1} -> run {2}")
  @CsvSource({"0, 1280, 0", "640, 1280, 10", "1280, 1280, 20", "700, 1280, 10", "1280, 640, 10"})
  void scoresTheLongestRunOfLeadingBlocks(int sentChars, int promptChars, int expectedRun) {
    PrefixIndex index = PrefixIndex.create(SMALL);
    String shared = Fixtures.text(1, 2000);
    String sent = shared.substring(0, sentChars) + Fixtures.text(2, 640);
    index.record(blocks, hash(index, sent), index.slotOf("a"));

    int count = hash(index, shared.substring(0, promptChars));
    assertThat(index.leadingRun(blocks, count, "a")).isEqualTo(expectedRun);
    assertThat(index.leadingRun(blocks, count, "never-seen")).isZero();
  }

  @Test
  void aGapBreaksTheRunEvenIfLaterBlocksAreHeld() {
    PrefixIndex index = PrefixIndex.create(SMALL);
    String first = Fixtures.text(1, 640);
    index.record(blocks, hash(index, first), index.slotOf("a"));
    // Different first block: chained hashes make every later block differ too, so nothing matches.
    int count = hash(index, Fixtures.text(9, 64) + first.substring(64));
    assertThat(index.leadingRun(blocks, count, "a")).isZero();
  }

  @Test
  void runsAreComputedPerEndpointInOneWalk() {
    PrefixIndex index = PrefixIndex.create(SMALL);
    String shared = Fixtures.text(1, 1280);
    String[] ids = {"a", "b", "c", "d"};
    int[] sentChars = {1280, 640, 64, 0};
    for (int i = 0; i < ids.length; i++) {
      int slot = index.slotOf(ids[i]);
      if (sentChars[i] > 0) {
        index.record(blocks, hash(index, shared.substring(0, sentChars[i])), slot);
      }
    }
    int[] slots = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      slots[i] = index.slotOf(ids[i]);
    }
    int[] runs = new int[ids.length];
    index.leadingRuns(blocks, hash(index, shared), slots, ids.length, runs);
    assertThat(runs).containsExactly(20, 10, 1, 0);
  }

  @Test
  void evictsLeastRecentlyUsedBlocksAndStaysWithinCapacity() {
    PrefixIndex index = PrefixIndex.create(new PrefixIndex.Settings(64, 256, 4_096, 8));
    String hot = Fixtures.text(0, 64 * 20);
    int slot = index.slotOf("a");
    index.record(blocks, hash(index, hot), slot);
    for (int i = 1; i <= 2_000; i++) {
      index.record(blocks, hash(index, Fixtures.text(i, 64 * 20)), slot);
      if (i % 50 == 0) {
        // Keep the hot prompt recently used: LRU must keep it while cold prompts churn through.
        index.record(blocks, hash(index, hot), slot);
      }
      assertThat(index.size()).isLessThanOrEqualTo(index.maxSize());
    }
    assertThat(index.size()).isEqualTo(index.maxSize());
    assertThat(index.maxSize()).isBetween(4_096L, 4_096L + 64);
    assertThat(index.leadingRun(blocks, hash(index, hot), "a")).isEqualTo(20);
    // The first cold prompts were recorded 2,000 prompts (40,000 blocks) ago: long evicted.
    assertThat(index.leadingRun(blocks, hash(index, Fixtures.text(1, 64 * 20)), "a")).isZero();
  }

  @Test
  void leadingBlocksOutliveTheTailWhenEvicting() {
    // One shard of 30 blocks; a 20-block prompt then a 15-block one: 35 blocks, 5 must go.
    PrefixIndex index = PrefixIndex.create(new PrefixIndex.Settings(64, 256, 30, 8));
    String first = Fixtures.text(1, 64 * 20);
    index.record(blocks, hash(index, first), index.slotOf("a"));
    index.record(blocks, hash(index, Fixtures.text(2, 64 * 15)), index.slotOf("a"));
    // Recorded last-to-first, so the first prompt's tail went first and its head is intact.
    assertThat(index.leadingRun(blocks, hash(index, first), "a")).isEqualTo(15);
  }

  @Test
  void retainEndpointsForgetsRemovedEndpointsAndFreesTheirSlot() {
    PrefixIndex index = PrefixIndex.create(new PrefixIndex.Settings(64, 256, 1_000, 2));
    String prompt = Fixtures.text(1, 640);
    index.record(blocks, hash(index, prompt), index.slotOf("a"));
    index.record(blocks, hash(index, prompt), index.slotOf("b"));
    assertThat(index.slotOf("c")).as("both slots taken").isEqualTo(-1);

    index.retainEndpoints(Set.of("b"));

    assertThat(index.slotOf("c")).isNotNegative();
    int count = hash(index, prompt);
    assertThat(index.leadingRun(blocks, count, "c")).as("c must not inherit a's blocks").isZero();
    assertThat(index.leadingRun(blocks, count, "b")).isEqualTo(10);
  }

  @Test
  void concurrentRecordsAndLookupsStayConsistentAndBounded() throws Exception {
    PrefixIndex index = PrefixIndex.create(new PrefixIndex.Settings(64, 256, 20_000, 64));
    String shared = Fixtures.text(42, 64 * 10);
    index.record(blocks, hash(index, shared), index.slotOf("pinned"));
    AtomicLong lookups = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<?>[] futures = new Future<?>[4];
      for (int t = 0; t < futures.length; t++) {
        int thread = t;
        futures[t] = pool.submit(() -> {
          long[] mine = new long[256];
          int[] slots = new int[2];
          int[] runs = new int[2];
          for (int i = 0; i < 3_000; i++) {
            String prompt = shared + Fixtures.text(thread * 100_000L + i, 64 * 5);
            int count = index.hashPrompt(Fixtures.MODEL, prompt, mine);
            slots[0] = index.slotOf("e" + (i % 32));
            slots[1] = index.slotOf("pinned");
            index.leadingRuns(mine, count, slots, 2, runs);
            index.record(mine, count, slots[0]);
            // "pinned" never gets new records but its shared blocks are refreshed by others'
            // records of the same blocks, so they are never evicted and always match.
            if (runs[1] != 10) {
              throw new AssertionError("pinned run " + runs[1]);
            }
            lookups.incrementAndGet();
          }
          return null;
        });
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(lookups.get()).isEqualTo(12_000);
    assertThat(index.size()).isLessThanOrEqualTo(index.maxSize());
  }
}
