package dev.baton.sim.api;

import dev.baton.sim.engine.EngineCounters;
import java.util.List;

/**
 * Which data-parallel rank of a worker runs a request. {@code X-data-parallel-rank} names it, as a
 * router pins it on vLLM and SGLang; without the header the least loaded rank takes it, scored as
 * vLLM's own data-parallel balancer scores its engines ({@code 4 * waiting + running}; ties rotate
 * the starting rank, so an idle server still spreads its requests). Confined to the worker's event
 * loop, where the engines publish a submitted request at once.
 */
public final class RankChooser {
  /** The header a router pins a request's rank with. */
  public static final String HEADER = "X-data-parallel-rank";

  private final List<ApiServices> ranks;
  private int start;

  public RankChooser(List<ApiServices> ranks) {
    if (ranks.isEmpty()) {
      throw new IllegalArgumentException("a worker has at least one rank");
    }
    this.ranks = List.copyOf(ranks);
  }

  /**
   * The rank for a request carrying {@code header} (null when absent).
   *
   * @throws ApiError 400 when the header is not a rank of this worker
   */
  public ApiServices choose(String header) {
    if (header != null) {
      int rank;
      try {
        rank = Integer.parseInt(header.strip());
      } catch (NumberFormatException e) {
        rank = -1;
      }
      if (rank < 0 || rank >= ranks.size()) {
        throw ApiError.badRequest(HEADER + " must be a rank in [0, " + ranks.size() + "), got '"
            + header + "'");
      }
      return ranks.get(rank);
    }
    int n = ranks.size();
    ApiServices best = null;
    long fewest = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      ApiServices candidate = ranks.get((start + i) % n);
      EngineCounters engine = candidate.engine().counters();
      long load = 4L * engine.waiting() + engine.running();
      if (load < fewest) {
        fewest = load;
        best = candidate;
      }
    }
    start = (start + 1) % n;
    return best;
  }
}
