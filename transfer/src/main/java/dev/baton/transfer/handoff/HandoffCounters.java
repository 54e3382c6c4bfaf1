package dev.baton.transfer.handoff;

import java.util.concurrent.atomic.LongAdder;

/** What split requests did, one counter per outcome; the metrics exporter reads these. */
public final class HandoffCounters {
  private final LongAdder handoffs = new LongAdder();
  private final LongAdder prefillRetries = new LongAdder();
  private final LongAdder prefillFailures = new LongAdder();
  private final LongAdder prefillClientErrors = new LongAdder();
  private final LongAdder missingHandles = new LongAdder();
  private final LongAdder decodeFallbacks = new LongAdder();
  private final LongAdder cancelledInPrefill = new LongAdder();
  private final LongAdder cancelledBetweenLegs = new LongAdder();
  private final LongAdder releases = new LongAdder();
  private final LongAdder decodeRetries = new LongAdder();

  /** Prefill succeeded and its handle went to decode. */
  public long handoffs() {
    return handoffs.sum();
  }

  /** Prefill attempts repeated on another worker after a retryable failure. */
  public long prefillRetries() {
    return prefillRetries.sum();
  }

  /** Prefill attempts that could not connect, timed out or answered 5xx. */
  public long prefillFailures() {
    return prefillFailures.sum();
  }

  /** Prefills refused as the client's fault (400-451), returned to the client. */
  public long prefillClientErrors() {
    return prefillClientErrors.sum();
  }

  /** Prefill answers without a usable KV handle. */
  public long missingHandles() {
    return missingHandles.sum();
  }

  /** Split requests served by decode alone after the prefill leg gave nothing usable. */
  public long decodeFallbacks() {
    return decodeFallbacks.sum();
  }

  /** Clients that left while their prefill leg ran (the leg was aborted). */
  public long clientsGoneInPrefill() {
    return cancelledInPrefill.sum();
  }

  /** Clients that left after prefill, before decode started (blocks released). */
  public long clientsGoneBetweenLegs() {
    return cancelledBetweenLegs.sum();
  }

  /** Release requests sent to free a prefill's blocks nobody would read. */
  public long releases() {
    return releases.sum();
  }

  /**
   * Decode legs carrying a handle sent on to another decode endpoint after theirs failed or refused
   * before the client's first byte; the prefill's blocks wait for whichever decode reads them, so
   * the prompt is not prefilled again.
   */
  public long decodeRetries() {
    return decodeRetries.sum();
  }

  public void decodeRetry() {
    decodeRetries.increment();
  }

  public void handoff() {
    handoffs.increment();
  }

  public void prefillRetry() {
    prefillRetries.increment();
  }

  public void prefillFailure() {
    prefillFailures.increment();
  }

  public void prefillClientError() {
    prefillClientErrors.increment();
  }

  public void missingHandle() {
    missingHandles.increment();
  }

  public void decodeFallback() {
    decodeFallbacks.increment();
  }

  public void cancelledInPrefill() {
    cancelledInPrefill.increment();
  }

  public void cancelledBetweenLegs() {
    cancelledBetweenLegs.increment();
  }

  public void release() {
    releases.increment();
  }
}
