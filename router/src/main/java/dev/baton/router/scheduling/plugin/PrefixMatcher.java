package dev.baton.router.scheduling.plugin;

/**
 * A source of knowledge about what each candidate holds in its KV cache: for the request's prompt,
 * how many leading prompt <em>tokens</em> each candidate is believed to have cached. The scheduler
 * runs a profile's matchers after its filters and before its scorers; scorers (such as {@code
 * prefix-cache}) and the P/D decider read the result from {@link
 * SchedulingContext#matchedTokens(int)}. With several matchers in a profile, a candidate's match is
 * the largest any of them reports, so a precise source (KV events from the engines) can sit beside
 * the approximate index and each fills in what the other does not know.
 *
 * <p>Report tokens in the request's own measure, {@link
 * dev.baton.router.scheduling.SchedulingRequest#promptTokensEstimate()}: a source that counts
 * characters or engine blocks converts at the prompt's ratio, so every source and the decider agree
 * on what "uncached tokens" means. Same rules as every plugin: thread-safe, no I/O, no allocation per
 * call.
 */
public interface PrefixMatcher extends Plugin {

  /**
   * Reports each candidate's matched tokens with {@link SchedulingContext#reportMatchedTokens}.
   *
   * @return whether this matcher could judge the prompt at all; false (e.g. a prompt shorter than
   *     one of its blocks) means its silence says nothing, rather than "cached nowhere"
   */
  boolean match(SchedulingContext ctx);

  /** Told the candidate chosen, so a matcher that learns from Baton's own choices can record it. */
  default void picked(SchedulingContext ctx, int candidate) {}
}
