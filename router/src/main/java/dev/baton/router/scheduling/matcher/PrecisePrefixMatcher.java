package dev.baton.router.scheduling.matcher;

import dev.baton.router.prefix.BlockKeys;
import dev.baton.router.prefix.TokenBlockIndex;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.PrefixMatcher;
import dev.baton.router.scheduling.plugin.SchedulingContext;

/**
 * Type {@code precise-prefix-cache}: what each endpoint has cached, as its engine reported it in
 * vLLM's KV-cache events (the {@link TokenBlockIndex} the server's subscribers fill). The request's
 * token ids (from the pool's {@code tokenizer}) are cut into the engines' blocks and hashed the way
 * the index keys events, so every Baton replica listening to the same engines sees the same matches.
 *
 * <p>Which view decides, per decision: the precise one when at least one candidate's events are
 * flowing and the request's token ids are known; otherwise the {@code approximate-prefix} index
 * (which keeps learning from every pick), so a pool without events still routes by prefix. While
 * the precise view decides, a pick adds the prompt's blocks to the chosen endpoint speculatively;
 * they count for {@code speculativeSeconds} unless an event confirms them.
 *
 * <p>Parameters: {@code maxBlocks} (4096, blocks hashed per prompt), {@code speculativeSeconds}
 * (set on the shared index; default 3).
 */
public final class PrecisePrefixMatcher implements PrefixMatcher {
  public static final String TYPE = "precise-prefix-cache";

  /** Per thread: the last request's keys, so decode and prefill picks of one plan hash once. */
  private static final class Keys {
    final BlockKeys keys = new BlockKeys();
    SchedulingRequest request;
    int blockSize;
  }

  private static final ThreadLocal<Keys> KEYS = ThreadLocal.withInitial(Keys::new);

  private final TokenBlockIndex index;
  private final ApproximatePrefixMatcher fallback;
  private final int maxBlocks;

  public PrecisePrefixMatcher(TokenBlockIndex index, ApproximatePrefixMatcher fallback,
      int maxBlocks) {
    this.index = index;
    this.fallback = fallback;
    this.maxBlocks = maxBlocks;
  }

  public static PrecisePrefixMatcher from(Parameters parameters, SchedulerState state) {
    return new PrecisePrefixMatcher(state.tokenBlocks(),
        ApproximatePrefixMatcher.withDefaults(state),
        parameters.intValue("maxBlocks", 4096, 1, 1 << 20));
  }

  @Override
  public boolean match(SchedulingContext ctx) {
    if (!precise(ctx)) {
      return fallback.match(ctx);
    }
    BlockKeys keys = keysOf(ctx.request());
    if (keys.blocks() == 0) {
      return false;
    }
    int n = ctx.size();
    int[] slots = ctx.candidateSlots(index::slotOf);
    int[] runs = ctx.intScratch2();
    index.leadingRuns(keys, slots, n, runs, ctx.nowNanos());
    int[] tokens = ctx.request().promptTokenIds();
    for (int i = 0; i < n; i++) {
      int matched = runs[i] * keys.blockSize();
      // In the request's own token measure, which the front door set from these same ids.
      ctx.reportMatchedTokens(i,
          (int) ((long) ctx.request().promptTokensEstimate() * matched / tokens.length));
    }
    return true;
  }

  @Override
  public void picked(SchedulingContext ctx, int candidate) {
    fallback.picked(ctx, candidate);
    if (ctx.request().promptTokenIds() != null) {
      BlockKeys keys = keysOf(ctx.request());
      index.speculate(keys.all(), keys.blocks(), ctx.candidate(candidate).cacheId(), ctx.nowNanos());
    }
  }

  /** Whether the precise view decides: token ids known and some candidate's events flowing. */
  public boolean precise(SchedulingContext ctx) {
    int[] tokens = ctx.request().promptTokenIds();
    if (tokens == null || tokens.length == 0) {
      return false;
    }
    for (int i = 0; i < ctx.size(); i++) {
      if (index.isLive(ctx.candidate(i).cacheId())) {
        return true;
      }
    }
    return false;
  }

  private BlockKeys keysOf(SchedulingRequest request) {
    Keys k = KEYS.get();
    int blockSize = index.blockSize();
    if (k.request != request || k.blockSize != blockSize) {
      k.keys.reset(request.promptTokenIds(), TokenBlockIndex.rootOf(request.loraAdapter()),
          blockSize, maxBlocks);
      k.request = request;
      k.blockSize = blockSize;
    }
    return k.keys;
  }
}
