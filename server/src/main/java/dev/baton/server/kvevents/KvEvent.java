package dev.baton.server.kvevents;

/** One decoded vLLM KV-cache event. Hashes are the engine's, unsigned 64-bit values held in longs. */
public sealed interface KvEvent {

  /**
   * Full blocks became cached.
   *
   * @param parentHash the engine hash of the block before the first, or null for a prompt's start
   * @param loraName the LoRA adapter the blocks belong to, or null for the base model
   */
  record BlockStored(long[] blockHashes, Long parentHash, int[] tokenIds, int blockSize,
      String loraName) implements KvEvent {}

  /** Cached blocks were evicted. */
  record BlockRemoved(long[] blockHashes) implements KvEvent {}

  /** The engine dropped its whole prefix cache. */
  record AllBlocksCleared() implements KvEvent {}

  /**
   * One published batch.
   *
   * @param ts the engine's wall clock when it published, in seconds
   * @param dataParallelRank the engine rank that published it
   */
  record Batch(double ts, java.util.List<KvEvent> events, int dataParallelRank) {}
}
