package dev.baton.sim.engine;

/**
 * What the block pool tells the outside about its cached content, as vLLM's KV-cache events do:
 * full blocks stored under their chained hash, cached blocks evicted, the whole cache cleared.
 * Called on the worker's event loop, so an implementation must only hand the news on.
 */
public interface BlockPoolEvents {

  /**
   * Consecutive full blocks of one sequence became cached.
   *
   * @param hashes the blocks' chained hashes, in order
   * @param parentHash the hash of the block before the first, or null for a prompt's first block
   * @param tokens the blocks' token ids, {@code hashes.length * blockSize} of them
   * @param cacheScope the LoRA adapter (and salt) partitioning the cache, or empty
   */
  void stored(long[] hashes, Long parentHash, int[] tokens, int blockSize, String cacheScope);

  /** A cached block was evicted (its content is gone). */
  void removed(long hash);

  /** Every cached block was dropped at once. */
  void cleared();

  /** Ignores everything. */
  BlockPoolEvents NONE = new BlockPoolEvents() {
    @Override
    public void stored(long[] hashes, Long parentHash, int[] tokens, int blockSize, String scope) {}

    @Override
    public void removed(long hash) {}

    @Override
    public void cleared() {}
  };
}
