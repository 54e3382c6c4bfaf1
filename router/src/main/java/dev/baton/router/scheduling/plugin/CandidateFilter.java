package dev.baton.router.scheduling.plugin;

/**
 * Narrows the candidates as a whole, after the prefix matchers and before the scorers: for a rule
 * that needs what the matchers found (a candidate's uncached tokens, hence its predicted latency)
 * or needs to see every candidate at once (keep the best when none passes). The per-endpoint
 * {@link Filter}s run before the matchers.
 */
public interface CandidateFilter extends Plugin {

  /**
   * Drops candidates with {@link SchedulingContext#retain}; must leave at least one of a non-empty
   * set (the request is to be served somewhere; refusing is admission's call, not a filter's).
   */
  void narrow(SchedulingContext ctx);
}
