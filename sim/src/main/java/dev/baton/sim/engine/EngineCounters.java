package dev.baton.sim.engine;

/**
 * The engine's counters and gauges. Written only by the event loop (single writer), read from any
 * thread through the volatile fields, so {@code x++} needs no atomics.
 */
public final class EngineCounters {

  volatile int running;
  volatile int waiting;
  volatile int usedBlocks;
  volatile int heldBlocks;
  volatile long prefixCacheQueries;
  volatile long prefixCacheHits;
  volatile long promptTokens;
  volatile long generationTokens;
  volatile long preemptions;
  volatile long heldExpired;
  volatile double busySeconds;

  /** Simulated seconds the GPU spent in engine steps: what the hardware was busy for. */
  public double busySeconds() {
    return busySeconds;
  }

  public int running() {
    return running;
  }

  public int waiting() {
    return waiting;
  }

  public int usedBlocks() {
    return usedBlocks;
  }

  public int heldBlocks() {
    return heldBlocks;
  }

  public long prefixCacheQueries() {
    return prefixCacheQueries;
  }

  public long prefixCacheHits() {
    return prefixCacheHits;
  }

  public long promptTokens() {
    return promptTokens;
  }

  public long generationTokens() {
    return generationTokens;
  }

  public long preemptions() {
    return preemptions;
  }

  /** Held handles released by the timeout rather than pulled. */
  public long heldExpired() {
    return heldExpired;
  }

  void reset() {
    prefixCacheQueries = 0;
    prefixCacheHits = 0;
    promptTokens = 0;
    generationTokens = 0;
    preemptions = 0;
    heldExpired = 0;
    busySeconds = 0;
  }
}
