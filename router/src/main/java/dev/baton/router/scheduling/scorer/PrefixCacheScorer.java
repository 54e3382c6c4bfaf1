package dev.baton.router.scheduling.scorer;

import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.PrefixMatcher;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;
import java.util.Arrays;
import java.util.List;

/**
 * Type {@code prefix-cache}: prefers endpoints likely to hold the prompt's leading tokens in their KV
 * cache. Score: the candidate's matched prompt tokens over the prompt's tokens, as the profile's
 * {@link PrefixMatcher}s reported them (a profile with this scorer and no matcher gets {@code
 * approximate-prefix} with its defaults).
 *
 * <p>New prefixes: when the matchers looked the prompt up and no candidate holds any of it, the
 * prompt starts a context no one has cached, and the score spreads such prompts instead: up to
 * {@code newPrefixScore} (0.5) for the candidate Baton has sent the fewest new prefixes, less for the
 * others. Distinct contexts then fill every endpoint's KV cache evenly, rather than piling up (by
 * random ties) on a few that evict each other's prefixes (SGLang's "smallest tree" rule, by counts
 * instead of a tree).
 *
 * <p>Hot-spot guard: a popular prefix (a shared system prompt) would otherwise draw every request to
 * the one endpoint that has it. When an endpoint's in-flight requests exceed the candidates' mean by
 * more than {@code max(hotSpotMargin, hotSpotRatio x mean)}, its prefix score is multiplied by {@code
 * hotSpotDiscount}; load scorers then send the request elsewhere, and the prefix becomes cached there
 * too. The P/D decision reads the matched tokens undiscounted.
 *
 * <p>Parameters: {@code hotSpotMargin} (2 requests), {@code hotSpotRatio} (0.25), {@code
 * hotSpotDiscount} (0), {@code newPrefixScore} (0.5).
 */
public record PrefixCacheScorer(
    double hotSpotMargin, double hotSpotRatio, double hotSpotDiscount, double newPrefixScore)
    implements Scorer {
  public static final String TYPE = "prefix-cache";
  /** The index settings this scorer took before matchers were plugins of their own. */
  private static final List<String> MOVED = List.of(
      "blockChars", "maxBlocks", "capacityBlocks", "maxEndpoints");

  public static PrefixCacheScorer from(Parameters parameters) {
    for (String key : MOVED) {
      if (parameters.has(key)) {
        throw parameters.error("parameter '" + key + "' now belongs to a prefix matcher: declare"
            + " {type: approximate-prefix, parameters: {" + key + ": ...}} and list it in the"
            + " profile (docs/scheduling.md)");
      }
    }
    return new PrefixCacheScorer(
        parameters.doubleValue("hotSpotMargin", 2, 0, 1e9),
        parameters.doubleValue("hotSpotRatio", 0.25, 0, 1e6),
        parameters.doubleValue("hotSpotDiscount", 0, 0, 1),
        parameters.doubleValue("newPrefixScore", 0.5, 0, 1));
  }

  @Override
  public void score(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    int promptTokens = ctx.request().promptTokensEstimate();
    if (!ctx.prefixLookedUp() || promptTokens <= 0) {
      Arrays.fill(scores, 0, n, 0);
      return;
    }
    if (newPrefixScore > 0 && noMatch(ctx)) {
      spreadNewPrefix(ctx, scores);
      return;
    }
    long loadSum = 0;
    for (int i = 0; i < n; i++) {
      loadSum += ctx.candidate(i).inFlightRequests();
    }
    double mean = (double) loadSum / n;
    double hotAbove = mean + Math.max(hotSpotMargin, hotSpotRatio * mean);
    for (int i = 0; i < n; i++) {
      double score = (double) ctx.matchedTokens(i) / promptTokens;
      if (score > 0 && ctx.candidate(i).inFlightRequests() > hotAbove) {
        score *= hotSpotDiscount;
      }
      scores[i] = score;
    }
  }

  /** Scores a prompt no candidate has cached: the fewer new prefixes placed, the higher. */
  private void spreadNewPrefix(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    long fewest = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      fewest = Math.min(fewest, ctx.candidate(i).newPrefixes());
    }
    for (int i = 0; i < n; i++) {
      scores[i] = newPrefixScore * (1.0 + fewest) / (1.0 + ctx.candidate(i).newPrefixes());
    }
  }

  @Override
  public void picked(SchedulingContext ctx, int candidate) {
    if (newPrefixScore > 0 && ctx.prefixLookedUp() && noMatch(ctx)) {
      ctx.candidate(candidate).countNewPrefix();
    }
  }

  /** Whether the matchers found none of the prompt cached on any candidate. */
  private static boolean noMatch(SchedulingContext ctx) {
    for (int i = 0, n = ctx.size(); i < n; i++) {
      if (ctx.matchedTokens(i) > 0) {
        return false;
      }
    }
    return true;
  }
}
