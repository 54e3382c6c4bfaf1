package dev.baton.bench.workload;

import dev.baton.bench.replay.TraceHeaders;
import dev.baton.bench.trace.TraceRecord;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The requests of a trace, in order, each as one prompt made up by {@link TracePrompts} and asking
 * for the answer length the trace recorded. Arrival times are the run's schedule's business
 * ({@code TraceArrivals}), not the workload's.
 *
 * <p>Every block of every prompt gets one size, the median of the lines' {@code block_tokens}: a
 * Baton trace hashed by characters gives each line the size its own text's density says, and two
 * requests sharing a hash must get the same tokens for it, or they would share only one block.
 */
public final class TraceWorkload implements Workload {

  private final List<TraceRecord> records;
  private final long seed;
  private final int blockTokens;
  private final TraceHeaders headers;
  private int next;

  /** As below, sending each line's headers under Baton's default names. */
  public TraceWorkload(List<TraceRecord> records, long seed) {
    this(records, seed, TraceHeaders.BATON_DEFAULTS);
  }

  /**
   * @param records the requests to send, in sending order
   * @param seed seeds the unshared part of every prompt (request {@code i} gets its own stream)
   * @param headers the names each line's SLO, priority, session and tenant are sent under
   */
  public TraceWorkload(List<TraceRecord> records, long seed, TraceHeaders headers) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("the trace has no requests");
    }
    this.records = List.copyOf(records);
    this.seed = seed;
    this.headers = Objects.requireNonNull(headers, "headers");
    int[] sizes = records.stream().filter(r -> !r.hashIds().isEmpty())
        .mapToInt(TraceRecord::blockTokens).sorted().toArray();
    this.blockTokens = sizes.length == 0 ? 1 : sizes[sizes.length / 2];
  }

  @Override
  public synchronized Prompt next() {
    if (next >= records.size()) {
      throw new IllegalStateException("the trace's " + records.size() + " requests are all sent");
    }
    int index = next++;
    TraceRecord record = records.get(index);
    // Mixed, so it never equals a small hash id (Mooncake's count up from 0) and repeats its words.
    long own = new SplittableRandom(seed * 1_000_003L + index).nextLong();
    String conversation = record.session() != null ? record.session() : "request-" + index;
    String text = TracePrompts.text(record, own, blockTokens);
    return new Prompt(conversation, List.of(ChatMessage.user(text)),
        Math.max(1, record.outputTokens()), headers.of(record));
  }

  /** How many requests the trace holds. */
  public int size() {
    return records.size();
  }
}
