package dev.baton.transfer.relay;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the relays did, for metrics and for tests that check backpressure: a relay pauses its worker
 * whenever its client's write queue is full, so Baton's memory per stream stays bounded.
 */
public final class RelayCounters {
  private final LongAdder pauses = new LongAdder();
  private final AtomicInteger pausedNow = new AtomicInteger();
  private final LongAdder clientAborts = new LongAdder();
  private final LongAdder midStreamFailures = new LongAdder();

  void paused() {
    pauses.increment();
    pausedNow.incrementAndGet();
  }

  void resumed() {
    pausedNow.decrementAndGet();
  }

  void clientAborted() {
    clientAborts.increment();
  }

  void midStreamFailure() {
    midStreamFailures.increment();
  }

  /** Times a worker stream was paused because a client read too slowly. */
  public long pauses() {
    return pauses.sum();
  }

  /** Worker streams paused right now, waiting for their client to drain. */
  public int pausedNow() {
    return pausedNow.get();
  }

  public long clientAborts() {
    return clientAborts.sum();
  }

  public long midStreamFailures() {
    return midStreamFailures.sum();
  }
}
