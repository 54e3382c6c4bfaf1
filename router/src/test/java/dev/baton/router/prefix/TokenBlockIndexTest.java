package dev.baton.router.prefix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The event-fed index: chains engine blocks to Baton's keys, evicts by engine hash, stays bounded. */
class TokenBlockIndexTest {
  private static final int BS = 4;
  private final TokenBlockIndex index = new TokenBlockIndex(TokenBlockIndex.Settings.DEFAULTS);

  private static int[] tokens(int from, int count) {
    int[] t = new int[count];
    for (int i = 0; i < count; i++) {
      t[i] = from + i;
    }
    return t;
  }

  /** Baton's keys for a prompt's blocks, as the matcher computes them. */
  private BlockKeys keys(int[] prompt, String lora) {
    BlockKeys keys = new BlockKeys();
    keys.reset(prompt, TokenBlockIndex.rootOf(lora), BS, 1 << 10);
    return keys;
  }

  private int[] runs(BlockKeys keys, String... endpoints) {
    int[] slots = new int[endpoints.length];
    for (int i = 0; i < endpoints.length; i++) {
      slots[i] = index.slotOf(endpoints[i]);
    }
    int[] runs = new int[endpoints.length];
    index.leadingRuns(keys, slots, endpoints.length, runs, 0);
    return runs;
  }

  @Test
  void storedBlocksChainThroughTheParentsEngineHashAcrossEvents() {
    int[] prompt = tokens(100, 12);
    // Engine hashes are arbitrary (above 2^63 here): only the mapping to Baton's keys matters.
    index.stored("a", new long[] {-5L}, null, tokens(100, 4), BS, null);
    index.stored("a", new long[] {-6L, -7L}, -5L, tokens(104, 8), BS, null);
    index.stored("b", new long[] {42L}, null, tokens(100, 4), BS, null);

    assertThat(runs(keys(prompt, null), "a", "b", "c")).containsExactly(3, 1, 0);
    assertThat(index.blockSize()).isEqualTo(BS);
    // The same tokens under a LoRA adapter are other blocks.
    assertThat(runs(keys(prompt, "sql"), "a", "b")).containsExactly(0, 0);
  }

  @Test
  void removedEvictsByEngineHashAndClearedDropsAnEndpointsBlocks() {
    int[] prompt = tokens(7, 8);
    index.stored("a", new long[] {1L, 2L}, null, prompt, BS, null);
    index.stored("b", new long[] {9L, 8L}, null, prompt, BS, null);

    index.removed("a", new long[] {2L});
    assertThat(runs(keys(prompt, null), "a", "b")).containsExactly(1, 2);

    index.cleared("b");
    assertThat(runs(keys(prompt, null), "a", "b")).containsExactly(1, 0);
    index.retainEndpoints(Set.of("b"));
    assertThat(index.size()).isZero();
    assertThat(index.engineBlocks()).isZero();
  }

  @Test
  void aBlockWhoseParentWasNeverSeenIsNotPlaced() {
    assertThat(index.stored("a", new long[] {3L}, 99L, tokens(0, 4), BS, null)).isFalse();
    assertThat(index.stored("a", new long[] {3L}, null, tokens(0, 3), BS, null)).isFalse();
    assertThat(index.unchained()).isEqualTo(2);
    assertThat(index.size()).isZero();
  }

  @Test
  void pastCapacityNewKeysAreRefused() {
    TokenBlockIndex small = new TokenBlockIndex(new TokenBlockIndex.Settings(2, 8, 1));
    small.stored("a", new long[] {1L, 2L, 3L}, null, tokens(0, 12), BS, null);
    assertThat(small.size()).isEqualTo(2);
    assertThat(small.refused()).isEqualTo(1);
  }

  @Test
  void speculativeEntriesCountUntilTheyExpire() {
    int[] prompt = tokens(50, 8);
    BlockKeys keys = keys(prompt, null);
    index.speculate(keys.all(), keys.blocks(), "a", 0);
    int[] slots = {index.slotOf("a")};
    int[] runs = new int[1];
    long ttl = TokenBlockIndex.Settings.DEFAULTS.speculativeTtlNanos();

    index.leadingRuns(keys, slots, 1, runs, ttl - 1);
    assertThat(runs[0]).isEqualTo(2);
    index.leadingRuns(keys, slots, 1, runs, ttl + 1);
    assertThat(runs[0]).isZero();
  }
}
