package dev.baton.router.scheduling.matcher;

import dev.baton.router.prefix.PrefixIndex;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.PrefixMatcher;
import dev.baton.router.scheduling.plugin.SchedulingContext;

/**
 * Type {@code approximate-prefix}: what each endpoint has cached, guessed from where Baton itself
 * sent earlier prompts. The prompt is cut into blocks of {@code blockChars} characters, each hashed
 * with all before it; an endpoint's match is its longest run of leading blocks the index holds. The
 * index learns every pick (the prompt's blocks are recorded on the chosen endpoint) and forgets the
 * least recently used blocks beyond its capacity. It cannot see evictions inside the engine, hence
 * "approximate"; a matcher fed by the engines' KV events would be exact.
 *
 * <p>Characters to tokens: a run of {@code c} matched characters counts as {@code promptTokens x c /
 * promptChars} tokens, i.e. at the prompt's own characters-per-token ratio (the request's token
 * estimate, a tokenizer count when the front door had one, else characters / 4).
 *
 * <p>Parameters: {@code blockChars} (64), {@code maxBlocks} (256, blocks hashed per prompt), {@code
 * capacityBlocks} (262144, over all endpoints, LRU), {@code maxEndpoints} (256). The index lives in
 * the {@link SchedulerState}, shared by every profile, and survives reloads unless these change.
 */
public record ApproximatePrefixMatcher(PrefixIndex index) implements PrefixMatcher {
  public static final String TYPE = "approximate-prefix";

  public static ApproximatePrefixMatcher from(Parameters parameters, SchedulerState state) {
    PrefixIndex.Settings d = PrefixIndex.Settings.DEFAULTS;
    return new ApproximatePrefixMatcher(state.prefixIndex(new PrefixIndex.Settings(
        parameters.intValue("blockChars", d.blockChars(), 1, 1 << 20),
        parameters.intValue("maxBlocks", d.maxBlocks(), 1, 1 << 16),
        parameters.intValue("capacityBlocks", d.capacityBlocks(), 1, 1 << 26),
        parameters.intValue("maxEndpoints", d.maxEndpoints(), 1, 4096))));
  }

  /** The matcher a profile gets when it scores prefixes but lists no matcher: default settings. */
  public static ApproximatePrefixMatcher withDefaults(SchedulerState state) {
    return new ApproximatePrefixMatcher(state.prefixIndex(PrefixIndex.Settings.DEFAULTS));
  }

  @Override
  public boolean match(SchedulingContext ctx) {
    int blocks = ctx.hashPrompt(index);
    if (blocks == 0) {
      return false;
    }
    int n = ctx.size();
    int[] slots = ctx.candidateSlots(index::slotOf);
    int[] runs = ctx.intScratch2();
    index.leadingRuns(ctx.promptBlockHashes(), blocks, slots, n, runs);
    int blockChars = index.settings().blockChars();
    for (int i = 0; i < n; i++) {
      ctx.reportMatchedTokens(i, tokensOf(ctx.request(), runs[i] * blockChars));
    }
    return true;
  }

  @Override
  public void picked(SchedulingContext ctx, int candidate) {
    int blocks = ctx.hashPrompt(index);
    if (blocks > 0) {
      index.record(ctx.promptBlockHashes(), blocks, index.slotOf(ctx.candidate(candidate).cacheId()));
    }
  }

  /** Matched prompt characters as tokens, at the prompt's own characters-per-token ratio. */
  static int tokensOf(SchedulingRequest request, int matchedChars) {
    int promptChars = request.prompt().length();
    if (promptChars == 0 || matchedChars <= 0) {
      return 0;
    }
    return (int) ((long) request.promptTokensEstimate() * Math.min(matchedChars, promptChars)
        / promptChars);
  }
}
