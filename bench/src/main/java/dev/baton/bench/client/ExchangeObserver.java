package dev.baton.bench.client;

/** Receives what one streaming request measures, on the request's event loop. */
public interface ExchangeObserver {

  /** The gap between two consecutive content chunks of one stream. */
  void interTokenGap(long nanos);

  /** The request ended (exactly once). */
  void finished(ExchangeResult result);
}
