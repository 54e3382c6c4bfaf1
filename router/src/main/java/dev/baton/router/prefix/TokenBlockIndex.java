package dev.baton.router.prefix;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where each token block is cached, learned from the engines' KV-cache events (vLLM's BlockStored,
 * BlockRemoved, AllBlocksCleared). Keys are Baton's own chained hash of token ids ({@link
 * BlockKeys}), rooted in the LoRA adapter's name, so every Baton replica computes the
 * same key for a request's blocks and for an event's blocks alike; engine hashes (whose algorithm
 * and seed Baton cannot reproduce) are only mapped to keys, per endpoint, so removals resolve.
 *
 * <p>Reads on the request path are lock-free map reads; each endpoint's events are applied by one
 * writer at a time. Memory is bounded: past {@code capacityBlocks} distinct keys, new keys are
 * refused (counted in {@link #refused()}) until evictions make room. Entries Baton adds itself when
 * it routes a prompt ({@link #speculate}) expire unless an event confirms them.
 */
public final class TokenBlockIndex {
  /** vLLM's default {@code --block-size}, until an event says otherwise. */
  public static final int DEFAULT_BLOCK_SIZE = 16;

  /**
   * @param capacityBlocks most distinct block keys held (over all endpoints)
   * @param maxEndpoints most endpoints tracked
   * @param speculativeTtlNanos how long an unconfirmed routing-time entry counts
   */
  public record Settings(int capacityBlocks, int maxEndpoints, long speculativeTtlNanos) {
    public static final Settings DEFAULTS = new Settings(4_194_304, 4096, 3_000_000_000L);
  }

  private final Settings settings;
  private final EndpointSlots slots;
  /** Block key to the slots holding it: an immutable bitset, replaced on every change. */
  private final ConcurrentHashMap<Long, long[]> holders = new ConcurrentHashMap<>();
  private final Map<String, EngineBlocks> endpoints = new ConcurrentHashMap<>();
  private final SpeculativeBlocks speculative;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong unchained = new AtomicLong();
  private volatile int blockSize = DEFAULT_BLOCK_SIZE;

  public TokenBlockIndex(Settings settings) {
    this.settings = settings;
    this.slots = new EndpointSlots(settings.maxEndpoints());
    this.speculative = new SpeculativeBlocks(settings.capacityBlocks());
  }

  public Settings settings() {
    return settings;
  }

  /** Tokens per block, as the engines last reported it. */
  public int blockSize() {
    return blockSize;
  }

  /** The chain root of a request or event: the LoRA adapter's name, "" for the base model. */
  public static long rootOf(String loraName) {
    return BlockHasher.seed(loraName == null ? "" : loraName);
  }

  // ---- writers: one endpoint's events, in order ----

  /**
   * Applies a BlockStored: blocks {@code engineHashes} hold {@code tokens}, following the block
   * with engine hash {@code parentEngineHash} (null: the prompt's first block).
   *
   * @return false when the event could not be placed (a parent never seen, or tokens that do not
   *     fill the blocks); the endpoint's view then lacks those blocks, as after an eviction
   */
  public boolean stored(String endpointId, long[] engineHashes, Long parentEngineHash,
      int[] tokens, int eventBlockSize, String loraName) {
    EngineBlocks at = blocksOf(endpointId);
    if (at == null || eventBlockSize < 1 || tokens.length != engineHashes.length * eventBlockSize) {
      unchained.incrementAndGet();
      return false;
    }
    synchronized (at) {
      long parent;
      if (parentEngineHash == null) {
        parent = rootOf(loraName);
      } else {
        Long known = at.keyOfEngineHash.get(parentEngineHash);
        if (known == null) {
          unchained.incrementAndGet();
          return false;
        }
        parent = known;
      }
      blockSize = eventBlockSize;
      for (int b = 0; b < engineHashes.length; b++) {
        parent = BlockHasher.chainTokens(parent, tokens, b * eventBlockSize, eventBlockSize);
        if (!holders.containsKey(parent) && holders.size() >= settings.capacityBlocks()) {
          refused.incrementAndGet();
          return true;
        }
        at.keyOfEngineHash.put(engineHashes[b], parent);
        holders.compute(parent, (k, bits) -> withSlot(bits, at.slot));
      }
    }
    return true;
  }

  /** Applies a BlockRemoved: the endpoint no longer holds these engine blocks. */
  public void removed(String endpointId, long[] engineHashes) {
    EngineBlocks at = endpoints.get(endpointId);
    if (at == null) {
      return;
    }
    synchronized (at) {
      for (long h : engineHashes) {
        Long key = at.keyOfEngineHash.remove(h);
        if (key != null) {
          holders.computeIfPresent(key, (k, bits) -> withoutSlot(bits, at.slot));
          // The engine's word overrides Baton's guess from routing.
          speculative.remove(key, at.slot);
        }
      }
    }
  }

  /** Applies AllBlocksCleared, or forgets an endpoint whose events stopped: it holds nothing. */
  public void cleared(String endpointId) {
    EngineBlocks at = endpoints.get(endpointId);
    if (at == null) {
      return;
    }
    synchronized (at) {
      for (Long key : at.keyOfEngineHash.values()) {
        holders.computeIfPresent(key, (k, bits) -> withoutSlot(bits, at.slot));
      }
      at.keyOfEngineHash.clear();
    }
    speculative.dropSlot(at.slot);
  }

  /** Whether events from the endpoint are flowing; set by its subscriber. */
  public void live(String endpointId, boolean live) {
    EngineBlocks at = blocksOf(endpointId);
    if (at != null) {
      at.live = live;
    }
  }

  /** Drops everything about endpoints not in {@code remaining} (they left the configuration). */
  public void retainEndpoints(Set<String> remaining) {
    for (String id : Set.copyOf(endpoints.keySet())) {
      if (!remaining.contains(id)) {
        cleared(id);
        endpoints.remove(id);
      }
    }
    slots.retain(remaining).forEach(speculative::dropSlot);
  }

  // ---- readers: the request path ----

  /** The endpoint's slot, or -1 when it never reported (or is beyond {@code maxEndpoints}). */
  public int slotOf(String endpointId) {
    return slots.peek(endpointId);
  }

  /** Whether the endpoint's events are flowing, so its (possibly empty) view is authoritative. */
  public boolean isLive(String endpointId) {
    EngineBlocks at = endpoints.get(endpointId);
    return at != null && at.live;
  }

  /**
   * For each candidate slot, how many of the prompt's leading blocks it holds (confirmed by events,
   * or speculatively added within the last few seconds). Blocks are hashed only while some
   * candidate still matches.
   */
  public void leadingRuns(BlockKeys keys, int[] candidateSlots, int candidates, int[] runs,
      long nowNanos) {
    Arrays.fill(runs, 0, candidates, 0);
    boolean anySpeculative = !speculative.isEmpty();
    int count = keys.blocks();
    for (int k = 0; k < count; k++) {
      long key = keys.key(k);
      long[] bits = holders.get(key);
      if (bits == null && !anySpeculative) {
        return;
      }
      boolean extended = false;
      for (int i = 0; i < candidates; i++) {
        int slot = candidateSlots[i];
        if (runs[i] != k || slot < 0) {
          continue;
        }
        if (hasSlot(bits, slot) || anySpeculative && speculative.holds(key, slot, nowNanos)) {
          runs[i] = k + 1;
          extended = true;
        }
      }
      if (!extended) {
        return;
      }
    }
  }

  /** Records that Baton just sent these blocks to the endpoint: counted until they expire. */
  public void speculate(long[] keys, int count, String endpointId, long nowNanos) {
    int slot = slots.slotOf(endpointId);
    if (slot >= 0) {
      speculative.add(keys, count, slot, nowNanos + settings.speculativeTtlNanos(), nowNanos);
    }
  }

  /** Distinct block keys held by at least one endpoint (approximately: emptied keys linger). */
  public long size() {
    return holders.size();
  }

  /** Engine blocks known per endpoint, summed. */
  public long engineBlocks() {
    long n = 0;
    for (EngineBlocks at : endpoints.values()) {
      synchronized (at) {
        n += at.keyOfEngineHash.size();
      }
    }
    return n;
  }

  /** Blocks not indexed because the index was full. */
  public long refused() {
    return refused.get();
  }

  /** Stored events that could not be chained (unknown parent, malformed). */
  public long unchained() {
    return unchained.get();
  }

  private EngineBlocks blocksOf(String endpointId) {
    EngineBlocks at = endpoints.get(endpointId);
    if (at != null) {
      return at;
    }
    int slot = slots.slotOf(endpointId);
    return slot < 0 ? null : endpoints.computeIfAbsent(endpointId, id -> new EngineBlocks(slot));
  }

  private static boolean hasSlot(long[] bits, int slot) {
    int word = slot >>> 6;
    return bits != null && word < bits.length && (bits[word] & (1L << slot)) != 0;
  }

  private static long[] withSlot(long[] bits, int slot) {
    int word = slot >>> 6;
    long[] next = bits == null ? new long[word + 1]
        : Arrays.copyOf(bits, Math.max(bits.length, word + 1));
    next[word] |= 1L << slot;
    return next;
  }

  /** The bitset without the slot; null (the key is dropped) when nobody holds it any more. */
  private static long[] withoutSlot(long[] bits, int slot) {
    int word = slot >>> 6;
    if (word >= bits.length) {
      return bits;
    }
    long[] next = bits.clone();
    next[word] &= ~(1L << slot);
    for (long w : next) {
      if (w != 0) {
        return next;
      }
    }
    return null;
  }
}
