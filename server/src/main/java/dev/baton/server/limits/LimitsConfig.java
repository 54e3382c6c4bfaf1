package dev.baton.server.limits;

import java.util.Map;

/**
 * The YAML {@code limits} section: what a single request may look like, and how fast a tenant may
 * send. (The body size limit is {@code server.maxBodyBytes}.)
 *
 * @param maxHeaders request headers at most (default 100); more get 431
 * @param maxHeaderBytes total size of the request line and headers (default 16 KiB); more get 431
 * @param maxJsonDepth deepest nesting of objects and arrays in a JSON body (default 64); deeper gets 400
 * @param maxPromptChars characters of prompt text (all messages) at most (default 2,000,000); more get 400
 * @param maxPromptTokens estimated prompt tokens at most (default 1,000,000); more get 400
 * @param maxTokens largest {@code max_tokens} / {@code max_completion_tokens} accepted, and largest
 *     total over a batch's completions (prompts x n x max_tokens) (default 1,000,000); larger get 400
 * @param maxN largest {@code n} (or {@code best_of}) accepted, completions per prompt (default 16);
 *     larger get 400. Every completion of every prompt of a batch is counted against
 *     {@code maxTokens} and charged to the rate limits
 * @param rate the rate limits every tenant gets unless listed in {@code tenants} (default unlimited)
 * @param tenants rate limits per tenant name (an API key's name, or the tenant header)
 */
public record LimitsConfig(
    Integer maxHeaders,
    Integer maxHeaderBytes,
    Integer maxJsonDepth,
    Integer maxPromptChars,
    Integer maxPromptTokens,
    Integer maxTokens,
    Integer maxN,
    RateLimitConfig rate,
    Map<String, RateLimitConfig> tenants) {

  public static final LimitsConfig DEFAULTS =
      new LimitsConfig(null, null, null, null, null, null, null, null, null);

  public LimitsConfig {
    maxHeaders = positive(maxHeaders, 100, "maxHeaders");
    maxHeaderBytes = positive(maxHeaderBytes, 16 * 1024, "maxHeaderBytes");
    maxJsonDepth = positive(maxJsonDepth, 64, "maxJsonDepth");
    maxPromptChars = positive(maxPromptChars, 2_000_000, "maxPromptChars");
    maxPromptTokens = positive(maxPromptTokens, 1_000_000, "maxPromptTokens");
    maxTokens = positive(maxTokens, 1_000_000, "maxTokens");
    maxN = positive(maxN, 16, "maxN");
    rate = rate == null ? RateLimitConfig.UNLIMITED : rate;
    tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
  }

  /** The limits of one tenant. */
  public RateLimitConfig rateOf(String tenant) {
    return tenants.getOrDefault(tenant, rate);
  }

  private static int positive(Integer value, int fallback, String name) {
    if (value == null) {
      return fallback;
    }
    if (value <= 0) {
      throw new IllegalArgumentException("limits." + name + " must be > 0");
    }
    return value;
  }
}
