package dev.baton.sim.api;

import java.util.concurrent.atomic.AtomicLong;

/** Request-level counters of one worker's HTTP API, readable from any thread. */
public final class RequestCounters {

  public final AtomicLong received = new AtomicLong();
  public final AtomicLong completed = new AtomicLong();
  public final AtomicLong aborted = new AtomicLong();
  public final AtomicLong kvTransfersIn = new AtomicLong();
  public final AtomicLong kvTransferBlocksIn = new AtomicLong();
  public final AtomicLong localPrefillFallbacks = new AtomicLong();

  public void reset() {
    received.set(0);
    completed.set(0);
    aborted.set(0);
    kvTransfersIn.set(0);
    kvTransferBlocksIn.set(0);
    localPrefillFallbacks.set(0);
  }
}
