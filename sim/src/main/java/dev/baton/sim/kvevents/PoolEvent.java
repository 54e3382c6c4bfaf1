package dev.baton.sim.kvevents;

/** One block-pool change waiting to be published. */
sealed interface PoolEvent {

  record Stored(long[] hashes, Long parentHash, int[] tokens, int blockSize, String loraName)
      implements PoolEvent {}

  record Removed(long hash) implements PoolEvent {}

  record Cleared() implements PoolEvent {}
}
