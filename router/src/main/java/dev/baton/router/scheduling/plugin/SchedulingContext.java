package dev.baton.router.scheduling.plugin;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.prefix.PrefixIndex;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.SchedulingRequest;
import java.util.Arrays;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * One decision in progress: the request, the phase, the clock reading, the candidates that passed
 * the filters, and typed per-decision results plugins share (the prompt's block hashes, each
 * candidate's matched prompt tokens from the {@link PrefixMatcher}s). Replaces an untyped attribute
 * bag.
 *
 * <p>Not thread-safe: the scheduler keeps one per thread and reuses it, so its arrays grow to the
 * largest pool once and a decision allocates nothing.
 */
public final class SchedulingContext {
  private final SchedulerState state;
  private SchedulingRequest request;
  private Phase phase;
  private long nowNanos;
  private int size;
  private EndpointState[] candidates = new EndpointState[16];
  private int[] matchedTokens = new int[16];
  private boolean prefixLookedUp;
  private double[] scores = new double[16];
  private double[] totals = new double[16];
  private int[] intScratch = new int[16];
  private int[] intScratch2 = new int[16];
  private long[] blocks = new long[0];
  private int blockCount;
  private SchedulingRequest blocksRequest;
  private PrefixIndex blocksIndex;
  private final CandidateLatencies latencies = new CandidateLatencies();
  private boolean latenciesFresh;
  private boolean[] keep = new boolean[16];

  public SchedulingContext(SchedulerState state) {
    this.state = state;
  }

  /** Starts a decision: no candidates yet, the clock read once for every plugin to share. */
  public void reset(SchedulingRequest request, Phase phase) {
    this.request = request;
    this.phase = phase;
    this.nowNanos = state.nanoTime();
    this.prefixLookedUp = false;
    this.latenciesFresh = false;
    for (int i = 0; i < size; i++) {
      candidates[i] = null;
    }
    this.size = 0;
  }

  /** Drops references to the last request and endpoints, so an idle thread pins no prompt. */
  public void release() {
    for (int i = 0; i < size; i++) {
      candidates[i] = null;
    }
    size = 0;
    request = null;
    blocksRequest = null;
    blocksIndex = null;
  }

  /** Adds a candidate (the scheduler does this for endpoints that passed every filter). */
  public void add(EndpointState endpoint) {
    if (size == candidates.length) {
      int grown = size * 2;
      candidates = Arrays.copyOf(candidates, grown);
      matchedTokens = Arrays.copyOf(matchedTokens, grown);
      scores = Arrays.copyOf(scores, grown);
      totals = Arrays.copyOf(totals, grown);
      intScratch = Arrays.copyOf(intScratch, grown);
      intScratch2 = Arrays.copyOf(intScratch2, grown);
      keep = Arrays.copyOf(keep, grown);
    }
    matchedTokens[size] = 0;
    candidates[size++] = endpoint;
  }

  public SchedulingRequest request() {
    return request;
  }

  public Phase phase() {
    return phase;
  }

  /** The clock reading taken when the decision started. */
  public long nowNanos() {
    return nowNanos;
  }

  public RandomGenerator random() {
    return state.random();
  }

  public SchedulerState state() {
    return state;
  }

  /** Number of candidates. */
  public int size() {
    return size;
  }

  public EndpointState candidate(int i) {
    if (i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    return candidates[i];
  }

  /**
   * Hashes the request's prompt with the index's settings, once per request and index (the decode
   * and prefill picks of one plan share it). Read the hashes from {@link #promptBlockHashes()}.
   *
   * @return the number of prompt blocks
   */
  public int hashPrompt(PrefixIndex index) {
    if (blocksRequest != request || blocksIndex != index) {
      int max = index.settings().maxBlocks();
      if (blocks.length < max) {
        blocks = new long[max];
      }
      blockCount = index.hashPrompt(request.model(), request.prompt(), blocks);
      blocksRequest = request;
      blocksIndex = index;
    }
    return blockCount;
  }

  /** The block hashes from the last {@link #hashPrompt} call; valid up to its count. */
  public long[] promptBlockHashes() {
    return blocks;
  }

  /**
   * Runs a profile's matchers over the candidates (the scheduler does this after the filters); each
   * candidate keeps the largest match any of them reports.
   */
  public void matchPrefixes(PrefixMatcher[] matchers) {
    for (PrefixMatcher matcher : matchers) {
      prefixLookedUp |= matcher.match(this);
    }
  }

  /**
   * Prompt tokens candidate {@code i} is believed to hold cached: the largest a matcher reported, 0
   * when none did, never more than the prompt.
   */
  public int matchedTokens(int i) {
    return matchedTokens[i];
  }

  /** For a {@link PrefixMatcher}: candidate {@code i} holds this many leading prompt tokens. */
  public void reportMatchedTokens(int i, int tokens) {
    if (i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    int clamped = Math.min(Math.max(tokens, 0), Math.max(request.promptTokensEstimate(), 0));
    if (clamped > matchedTokens[i]) {
      matchedTokens[i] = clamped;
    }
  }

  /** The prompt tokens candidate {@code i} is expected to lack (what a prefill there computes). */
  public int uncachedTokens(int i) {
    return Math.max(request.promptTokensEstimate(), 0) - matchedTokens[i];
  }

  /**
   * Whether some matcher could judge this prompt. False (no matcher, or a prompt too short for any)
   * means zero matches say nothing about where the prompt is cached.
   */
  public boolean prefixLookedUp() {
    return prefixLookedUp;
  }

  /**
   * Each candidate's predicted TTFT and TPOT (the latency model of its hardware class, with its
   * uncached tokens), computed on first use in a decision. Read it after the prefix matchers ran.
   */
  public CandidateLatencies latencies() {
    if (!latenciesFresh) {
      latencies.compute(this, state.latency());
      latenciesFresh = true;
    }
    return latencies;
  }

  /** A scratch mask of at least {@link #size()} entries, for {@link #retain}. */
  public boolean[] keepMask() {
    return keep;
  }

  /**
   * Keeps the candidates whose {@code mask} entry is true, in order, with their matched tokens
   * (a {@link CandidateFilter} calls it). Predictions are recomputed for the survivors on next use.
   */
  public void retain(boolean[] mask) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (mask[i]) {
        candidates[kept] = candidates[i];
        matchedTokens[kept] = matchedTokens[i];
        kept++;
      }
    }
    for (int i = kept; i < size; i++) {
      candidates[i] = null;
    }
    size = kept;
    latenciesFresh = false;
  }

  /** A scratch array of at least {@link #size()} ints, reused by every decision on this thread. */
  public int[] intScratch() {
    return intScratch;
  }

  /**
   * Each candidate's slot in a prefix index ({@code slotOf} maps a candidate's {@link EndpointState#cacheId()} to it), in {@link
   * #intScratch()}: what a prefix matcher hands its index to find every candidate's run at once.
   */
  public int[] candidateSlots(ToIntFunction<String> slotOf) {
    for (int i = 0; i < size; i++) {
      intScratch[i] = slotOf.applyAsInt(candidates[i].cacheId());
    }
    return intScratch;
  }

  /** A second scratch array, for plugins that need two. */
  public int[] intScratch2() {
    return intScratch2;
  }

  /** The scheduler's per-scorer output buffer, at least {@link #size()} long. */
  public double[] scoreBuffer() {
    return scores;
  }

  /** The scheduler's weighted-sum buffer, at least {@link #size()} long. */
  public double[] totalsBuffer() {
    return totals;
  }
}
