package dev.baton.router.endpoint;

/**
 * Which data-parallel rank of a server a scheduling candidate is. An engine started with data
 * parallelism (vLLM's {@code --data-parallel-size N}, SGLang's {@code --dp-size N}) fronts N ranks
 * behind one API port; each rank has its own KV cache, queue and metrics series, and a request
 * carrying {@code X-data-parallel-rank: <index>} runs on that rank. The one place a rank's identity
 * lives: legs read {@link #pinned()} and {@link #index()}, prefix indexes key the rank's cache by
 * {@link #cacheId}; nothing parses an id back into a rank.
 *
 * @param index the rank, 0 to {@code size - 1}
 * @param size how many ranks the server fronts; 1 for a server without data parallelism
 */
public record DataParallelRank(int index, int size) {

  /** A server without data parallelism: one rank, never pinned. */
  public static final DataParallelRank SOLE = new DataParallelRank(0, 1);

  public DataParallelRank {
    if (size < 1 || index < 0 || index >= size) {
      throw new IllegalArgumentException("rank " + index + " of " + size + " is out of range");
    }
  }

  /** Whether legs sent here must name the rank ({@code X-data-parallel-rank}): the server has several. */
  public boolean pinned() {
    return size > 1;
  }

  /**
   * The key this rank's KV cache is known by (prefix indexes, KV events, session bindings): the
   * endpoint's id for a server with one rank, as it was before ranks existed.
   */
  public String cacheId(String endpointId) {
    return pinned() ? endpointId + "#dp" + index : endpointId;
  }
}
