package dev.baton.server.tokenize;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one tokenizer source cost: calls that were not answered from the cache, the time they took
 * (queueing included) and the ones that gave no ids. {@code baton_tokenize_*{source}}.
 */
public record TokenizeCounters(AtomicLong calls, AtomicLong nanos, AtomicLong failures) {
  TokenizeCounters() {
    this(new AtomicLong(), new AtomicLong(), new AtomicLong());
  }

  /** Counts a call that started at {@code startedNanos} and gave {@code ids} (null: it failed). */
  void record(long startedNanos, int[] ids) {
    calls.incrementAndGet();
    nanos.addAndGet(System.nanoTime() - startedNanos);
    if (ids == null) {
      failures.incrementAndGet();
    }
  }
}
