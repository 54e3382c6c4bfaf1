package dev.baton.router.prefix;

import java.util.Set;

/**
 * An approximate map of which prompt prefixes each endpoint has cached, built only from where Baton
 * sent requests (no engine events needed). A prompt is cut into chained block hashes ({@link
 * BlockHasher}); recording a request marks its blocks as held by the chosen endpoint; a lookup
 * returns, per endpoint, the longest run of leading blocks it holds.
 *
 * <p>Memory is bounded: {@link Settings#capacityBlocks()} distinct blocks across all endpoints, evicted
 * least recently used first. The index is sharded; each shard has its own LRU list, so eviction order
 * is LRU per shard (close to global LRU because hashes spread blocks evenly), and a block already
 * among the newest eighth of its shard is not moved on a hit (it is far from eviction; this saves
 * most of the memory traffic of recording hot prefixes). Blocks of one request are recorded
 * last-to-first so the leading blocks, shared by the most requests, are the freshest.
 *
 * <p>Memory: about {@code 2 x (16 + 8 x ceil(maxEndpoints / 64)) + 12} bytes per block of capacity
 * (108 bytes with 256 endpoints: 28 MB for the default 262,144 blocks).
 *
 * <p>Thread-safe. A lookup costs one hash-table probe per prompt block (not per endpoint) plus a bit
 * test per endpoint still matching, and allocates nothing.
 */
public final class PrefixIndex {

  /**
   * How prompts are cut and how much the index remembers.
   *
   * @param blockChars characters per block (the approximate counterpart of an engine's block size)
   * @param maxBlocks leading blocks hashed per prompt; text beyond is ignored
   * @param capacityBlocks distinct blocks remembered over all endpoints before LRU eviction
   * @param maxEndpoints endpoints tracked at once (one bit each per block); others score zero
   */
  public record Settings(int blockChars, int maxBlocks, int capacityBlocks, int maxEndpoints) {
    public static final Settings DEFAULTS = new Settings(64, 256, 262_144, 256);

    public Settings {
      if (blockChars < 1) {
        throw new IllegalArgumentException("blockChars must be >= 1");
      }
      if (maxBlocks < 1) {
        throw new IllegalArgumentException("maxBlocks must be >= 1");
      }
      if (capacityBlocks < 1) {
        throw new IllegalArgumentException("capacityBlocks must be >= 1");
      }
      if (maxEndpoints < 1 || maxEndpoints > 4096) {
        throw new IllegalArgumentException("maxEndpoints must be in [1, 4096]");
      }
    }
  }

  private static final int MAX_SEGMENTS = 64;
  private static final int MIN_SEGMENT_CAPACITY = 1024;
  /** A hit among the newest 1/8 of a shard's adds is not moved to the LRU head (see IndexSegment). */
  private static final int REFRESH_SKIP_DIVISOR = 8;
  /** Blocks whose table lines are loaded together before they are looked up, a power of two. */
  private static final int PREFETCH = 16;

  private final Settings settings;
  private final int words;
  private final IndexSegment[] segments;
  private final int segmentShift;
  private final EndpointSlots slots;
  private final ThreadLocal<Scratch> scratch;
  /** Written by {@link #prefetch} only so its loads are not dead code; never read. */
  @SuppressWarnings("unused")
  private long prefetchSink;

  private PrefixIndex(Settings settings) {
    this.settings = settings;
    this.words = (settings.maxEndpoints() + 63) >>> 6;
    int count = 1;
    while (count < MAX_SEGMENTS && settings.capacityBlocks() / (count * 2) >= MIN_SEGMENT_CAPACITY) {
      count *= 2;
    }
    this.segments = new IndexSegment[count];
    int perSegment = (settings.capacityBlocks() + count - 1) / count;
    for (int i = 0; i < count; i++) {
      segments[i] = new IndexSegment(perSegment, words, perSegment / REFRESH_SKIP_DIVISOR);
    }
    this.segmentShift = 64 - Integer.numberOfTrailingZeros(count);
    this.slots = new EndpointSlots(settings.maxEndpoints());
    int w = words;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(w));
  }

  public static PrefixIndex create(Settings settings) {
    return new PrefixIndex(settings);
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Hashes a prompt's leading blocks into {@code out} (length at least {@link Settings#maxBlocks()}
   * or the prompt's block count) and returns how many there are.
   */
  public int hashPrompt(String model, String prompt, long[] out) {
    return BlockHasher.hash(model, prompt, settings.blockChars(), settings.maxBlocks(), out);
  }

  /** The endpoint's bit, assigned on first use; -1 when the index already tracks maxEndpoints others. */
  public int slotOf(String endpointId) {
    return slots.slotOf(endpointId);
  }

  /**
   * For each of {@code n} endpoint slots, how many leading blocks of the prompt it holds.
   *
   * @param blocks chained block hashes from {@link #hashPrompt}
   * @param count how many of {@code blocks} to use
   * @param endpointSlots slots from {@link #slotOf}; a negative slot always gets 0
   * @param runs receives the run length per slot, in [0, count]
   */
  public void leadingRuns(long[] blocks, int count, int[] endpointSlots, int n, int[] runs) {
    Scratch scratch = scratch(n);
    long[] bits = scratch.bits;
    // Indexes of the endpoints still matching; most drop out at the first block, so later blocks
    // cost a bit test per remaining endpoint only.
    int[] alive = scratch.alive;
    int aliveCount = 0;
    for (int j = 0; j < n; j++) {
      runs[j] = count;
      if (endpointSlots[j] < 0) {
        runs[j] = 0;
      } else {
        alive[aliveCount++] = j;
      }
    }
    for (int i = 0; i < count && aliveCount > 0; i++) {
      if ((i & (PREFETCH - 1)) == 0) {
        prefetch(blocks, i, Math.min(count, i + PREFETCH));
      }
      boolean found = segmentOf(blocks[i]).read(blocks[i], bits);
      for (int k = aliveCount - 1; k >= 0; k--) {
        int j = alive[k];
        int slot = endpointSlots[j];
        if (!found || (bits[slot >>> 6] & (1L << slot)) == 0) {
          runs[j] = i;
          alive[k] = alive[--aliveCount];
        }
      }
    }
  }

  /** Convenience for one endpoint: its leading run for the given prompt blocks. */
  public int leadingRun(long[] blocks, int count, String endpointId) {
    int[] slot = {slots.peek(endpointId)};
    int[] run = new int[1];
    leadingRuns(blocks, count, slot, 1, run);
    return run[0];
  }

  /** Marks the first {@code count} blocks as held by the endpoint with this slot. */
  public void record(long[] blocks, int count, int slot) {
    if (slot < 0) {
      return;
    }
    for (int i = count - 1; i >= 0; i--) {
      if (((count - 1 - i) & (PREFETCH - 1)) == 0) {
        prefetch(blocks, Math.max(0, i - PREFETCH + 1), i + 1);
      }
      segmentOf(blocks[i]).add(blocks[i], slot);
    }
  }

  /**
   * Forgets endpoints that are no longer configured, freeing their slots for new ones. Call after a
   * config reload; it walks the whole index, so not per request.
   */
  public void retainEndpoints(Set<String> endpointIds) {
    for (int slot : slots.retain(endpointIds)) {
      for (IndexSegment segment : segments) {
        segment.clearSlot(slot);
      }
    }
  }

  /** Distinct blocks currently remembered (at most {@link Settings#capacityBlocks()} rounded up per shard). */
  public long size() {
    long total = 0;
    for (IndexSegment segment : segments) {
      total += segment.size();
    }
    return total;
  }

  /** The most blocks the index holds: capacity rounded up to a whole number per shard. */
  public long maxSize() {
    return (long) segments.length * ((settings.capacityBlocks() + segments.length - 1) / segments.length);
  }

  /** Per-thread working arrays of a lookup, so it allocates nothing once warm. */
  private static final class Scratch {
    final long[] bits;
    int[] alive = new int[64];

    Scratch(int words) {
      bits = new long[words];
    }
  }

  private Scratch scratch(int endpoints) {
    Scratch s = scratch.get();
    if (s.alive.length < endpoints) {
      s.alive = new int[Math.max(endpoints, s.alive.length * 2)];
    }
    return s;
  }

  /** Touches the table lines of blocks [from, to) so their cache misses overlap. */
  private void prefetch(long[] blocks, int from, int to) {
    long sink = 0;
    for (int i = from; i < to; i++) {
      sink += segmentOf(blocks[i]).touch(blocks[i]);
    }
    prefetchSink = sink; // a plain field write keeps the JIT from dropping the loads
  }

  private IndexSegment segmentOf(long block) {
    return segments.length == 1 ? segments[0] : segments[(int) (block >>> segmentShift)];
  }
}
