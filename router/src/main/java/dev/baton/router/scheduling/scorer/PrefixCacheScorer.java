package dev.baton.router.scheduling.scorer;

import dev.baton.router.prefix.PrefixIndex;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;

/**
 * Type {@code prefix-cache}: prefers endpoints likely to hold the prompt's leading blocks in their KV
 * cache, by an approximate index of where Baton sent earlier prompts. Score: the endpoint's longest
 * run of leading blocks held over the prompt's block count. The matched length also feeds the
 * prefill/decode decision (uncached tokens on the decode endpoint).
 *
 * <p>New prefixes: when no candidate holds even the prompt's first block, the prompt starts a context
 * no one has cached, and the score spreads such prompts instead: up to {@code newPrefixScore} (0.5)
 * for the candidate Baton has sent the fewest new prefixes, less for the others. Distinct contexts
 * then fill every endpoint's KV cache evenly, rather than piling up (by random ties) on a few that
 * evict each other's prefixes (SGLang's "smallest tree" rule, by counts instead of a tree).
 *
 * <p>Hot-spot guard: a popular prefix (a shared system prompt) would otherwise draw every request to
 * the one endpoint that has it. When an endpoint's in-flight requests exceed the candidates' mean by
 * more than {@code max(hotSpotMargin, hotSpotRatio x mean)}, its prefix score is multiplied by {@code
 * hotSpotDiscount}; load scorers then send the request elsewhere, and the prefix becomes cached there
 * too.
 *
 * <p>Parameters: {@code blockChars} (64), {@code maxBlocks} (256), {@code capacityBlocks} (262144,
 * over all endpoints, LRU), {@code maxEndpoints} (256), {@code hotSpotMargin} (2 requests), {@code
 * hotSpotRatio} (0.25), {@code hotSpotDiscount} (0), {@code newPrefixScore} (0.5). The index lives in the {@link SchedulerState}
 * and survives reloads unless the first four parameters change.
 */
public final class PrefixCacheScorer implements Scorer {
  public static final String TYPE = "prefix-cache";

  private final PrefixIndex index;
  private final double hotSpotMargin;
  private final double hotSpotRatio;
  private final double hotSpotDiscount;
  private final double newPrefixScore;

  public PrefixCacheScorer(
      PrefixIndex index, double hotSpotMargin, double hotSpotRatio, double hotSpotDiscount) {
    this(index, hotSpotMargin, hotSpotRatio, hotSpotDiscount, 0);
  }

  public PrefixCacheScorer(PrefixIndex index, double hotSpotMargin, double hotSpotRatio,
      double hotSpotDiscount, double newPrefixScore) {
    this.index = index;
    this.hotSpotMargin = hotSpotMargin;
    this.hotSpotRatio = hotSpotRatio;
    this.hotSpotDiscount = hotSpotDiscount;
    this.newPrefixScore = newPrefixScore;
  }

  public static PrefixCacheScorer from(Parameters parameters, SchedulerState state) {
    PrefixIndex.Settings d = PrefixIndex.Settings.DEFAULTS;
    PrefixIndex.Settings settings = new PrefixIndex.Settings(
        parameters.intValue("blockChars", d.blockChars(), 1, 1 << 20),
        parameters.intValue("maxBlocks", d.maxBlocks(), 1, 1 << 16),
        parameters.intValue("capacityBlocks", d.capacityBlocks(), 1, 1 << 26),
        parameters.intValue("maxEndpoints", d.maxEndpoints(), 1, 4096));
    return new PrefixCacheScorer(
        state.prefixIndex(settings),
        parameters.doubleValue("hotSpotMargin", 2, 0, 1e9),
        parameters.doubleValue("hotSpotRatio", 0.25, 0, 1e6),
        parameters.doubleValue("hotSpotDiscount", 0, 0, 1),
        parameters.doubleValue("newPrefixScore", 0.5, 0, 1));
  }

  public PrefixIndex index() {
    return index;
  }

  @Override
  public void score(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    int blocks = ctx.hashPrompt(index);
    if (blocks == 0) {
      for (int i = 0; i < n; i++) {
        scores[i] = 0;
      }
      return;
    }
    int[] slots = ctx.intScratch();
    int[] runs = ctx.intScratch2();
    long loadSum = 0;
    for (int i = 0; i < n; i++) {
      slots[i] = index.slotOf(ctx.candidate(i).id());
      loadSum += ctx.candidate(i).inFlightRequests();
    }
    index.leadingRuns(ctx.promptBlockHashes(), blocks, slots, n, runs);
    if (newPrefixScore > 0 && allZero(runs, n)) {
      spreadNewPrefix(ctx, slots, scores);
      return;
    }
    double mean = (double) loadSum / n;
    double hotAbove = mean + Math.max(hotSpotMargin, hotSpotRatio * mean);
    int blockChars = index.settings().blockChars();
    for (int i = 0; i < n; i++) {
      ctx.matchedPrefixChars(i, runs[i] * blockChars);
      double score = (double) runs[i] / blocks;
      if (score > 0 && ctx.candidate(i).inFlightRequests() > hotAbove) {
        score *= hotSpotDiscount;
      }
      scores[i] = score;
    }
  }

  /** Scores a prompt no candidate has cached: the fewer new prefixes placed, the higher. */
  private void spreadNewPrefix(SchedulingContext ctx, int[] slots, double[] scores) {
    int n = ctx.size();
    long fewest = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      ctx.matchedPrefixChars(i, 0);
      fewest = Math.min(fewest, index.newPrefixes(slots[i]));
    }
    for (int i = 0; i < n; i++) {
      scores[i] = newPrefixScore * (1.0 + fewest) / (1.0 + index.newPrefixes(slots[i]));
    }
  }

  private static boolean allZero(int[] runs, int n) {
    for (int i = 0; i < n; i++) {
      if (runs[i] != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void picked(SchedulingContext ctx, int candidate) {
    int blocks = ctx.hashPrompt(index);
    if (blocks > 0) {
      int slot = index.slotOf(ctx.candidate(candidate).id());
      if (newPrefixScore > 0 && noMatch(ctx)) {
        index.recordNewPrefix(slot);
      }
      index.record(ctx.promptBlockHashes(), blocks, slot);
    }
  }

  /** Whether the decision just made found none of the prompt cached on any candidate. */
  private static boolean noMatch(SchedulingContext ctx) {
    for (int i = 0, n = ctx.size(); i < n; i++) {
      if (ctx.matchedPrefixChars(i) > 0) {
        return false;
      }
    }
    return true;
  }
}
