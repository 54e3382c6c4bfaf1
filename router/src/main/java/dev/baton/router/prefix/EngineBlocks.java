package dev.baton.router.prefix;

import java.util.HashMap;
import java.util.Map;

/**
 * One endpoint's view in the {@link TokenBlockIndex}: each engine block hash it reported, mapped to
 * Baton's key for the same tokens, so a later BlockRemoved (which names only the engine hash) finds
 * what to evict, and a BlockStored's parent hash finds the chain to extend. Guarded by the index
 * (one writer per endpoint, synchronized on this object).
 */
final class EngineBlocks {
  final int slot;
  final Map<Long, Long> keyOfEngineHash = new HashMap<>();
  /** Whether events from this endpoint are flowing (its subscriber says so); read lock-free. */
  volatile boolean live;

  EngineBlocks(int slot) {
    this.slot = slot;
  }
}
