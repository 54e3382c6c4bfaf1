package dev.baton.router.prefix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IndexSegmentTest {

  /** A plain LRU map with the same contract, to compare the open-addressing table against. */
  private static final class ReferenceLru extends LinkedHashMap<Long, long[]> {
    private final int capacity;
    /** The same entries, readable without touching the LRU order (a get on this map would). */
    final Map<Long, long[]> untouched = new HashMap<>();

    ReferenceLru(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
      if (size() > capacity) {
        untouched.remove(eldest.getKey());
        return true;
      }
      return false;
    }
  }

  @ParameterizedTest(name = "capacity {0}, key space {1}, {2} endpoints")
  @CsvSource({"1, 3, 1", "7, 20, 3", "50, 150, 64", "200, 260, 130", "1000, 5000, 7"})
  void behavesLikeAnLruMapUnderRandomOperations(int capacity, int keySpace, int endpoints) {
    int words = (endpoints + 63) / 64;
    IndexSegment segment = new IndexSegment(capacity, words, 0);
    ReferenceLru reference = new ReferenceLru(capacity);
    Random random = new Random(capacity * 31L + keySpace);
    long[] bits = new long[words];
    for (int op = 0; op < 50_000; op++) {
      // Keys share their low bits often, so probe runs collide and deletions must shift entries.
      long key = random.nextInt(keySpace) * 1024L + (random.nextBoolean() ? 0 : 7);
      if (random.nextInt(3) == 0) {
        boolean found = segment.read(key, bits);
        long[] expected = reference.untouched.get(key); // reads do not refresh recency
        assertThat(found).as("op %d key %d", op, key).isEqualTo(expected != null);
        if (found) {
          assertThat(bits).isEqualTo(expected);
        }
      } else {
        int slot = random.nextInt(endpoints);
        segment.add(key, slot);
        long[] expected = reference.computeIfAbsent(key, k -> new long[words]);
        reference.untouched.put(key, expected);
        expected[slot >>> 6] |= 1L << slot;
      }
      assertThat(segment.size()).isEqualTo(reference.size());
    }
  }

  @ParameterizedTest(name = "clearing slot {0}")
  @CsvSource({"0", "63", "64", "100"})
  void clearSlotForgetsOnlyThatEndpoint(int slot) {
    IndexSegment segment = new IndexSegment(16, 2, 0);
    segment.add(1L, slot);
    segment.add(1L, 5 == slot ? 6 : 5);
    segment.clearSlot(slot);
    long[] bits = new long[2];
    assertThat(segment.read(1L, bits)).isTrue();
    assertThat(bits[slot >>> 6] & (1L << slot)).isZero();
    assertThat(bits[0] | bits[1]).isNotZero();
  }
}
