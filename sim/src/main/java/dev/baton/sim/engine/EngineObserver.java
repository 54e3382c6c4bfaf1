package dev.baton.sim.engine;

/**
 * What the engine reports as it runs, for metrics. Durations are simulated seconds (wall-clock
 * seconds times the speed), so they read like the GPU being simulated. Called on the event loop.
 */
public interface EngineObserver {

  /** A sequence entered the running batch for the first time after waiting {@code queueSeconds}. */
  default void admitted(Sequence sequence, double queueSeconds, int queriedTokens, int hitTokens) {}

  /** A token came out; {@code sinceLastSeconds} is the TTFT for the first token, else the inter-token latency. */
  default void token(Sequence sequence, boolean first, double sinceLastSeconds) {}

  /** A prompt's prefill completed. */
  default void prefilled(Sequence sequence) {}

  /** A sequence finished, {@code e2eSeconds} after it arrived. */
  default void finished(Sequence sequence, FinishReason reason, double e2eSeconds) {}

  /** A finished sequence spent {@code prefillSeconds} from admission to its first token, then {@code decodeSeconds}. */
  default void phases(Sequence sequence, double prefillSeconds, double decodeSeconds) {}

  /** An engine step ended that computed {@code tokens} tokens (prefill chunks plus one per decode). */
  default void stepped(long tokens) {}

  /** A running sequence lost its blocks and went back to the queue. */
  default void preempted(Sequence sequence) {}

  /** Observer that ignores everything. */
  EngineObserver NONE = new EngineObserver() {};
}
