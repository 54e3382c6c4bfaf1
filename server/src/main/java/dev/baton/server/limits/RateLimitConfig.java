package dev.baton.server.limits;

/**
 * A tenant's rate limits. Zero or absent means unlimited.
 *
 * @param requestsPerMinute requests a tenant may start per minute (bursts up to this many)
 * @param tokensPerMinute prompt plus completion tokens per minute; a request is charged its prompt
 *     estimate plus its {@code max_tokens} when admitted, corrected to the workers' reported usage
 *     when it ends; a tenant in debt waits until it is repaid
 */
public record RateLimitConfig(Integer requestsPerMinute, Long tokensPerMinute) {

  public static final RateLimitConfig UNLIMITED = new RateLimitConfig(null, null);

  public RateLimitConfig {
    requestsPerMinute = requestsPerMinute == null ? 0 : requestsPerMinute;
    tokensPerMinute = tokensPerMinute == null ? 0L : tokensPerMinute;
    if (requestsPerMinute < 0 || tokensPerMinute < 0) {
      throw new IllegalArgumentException("rate limits must be >= 0");
    }
  }

  public boolean unlimited() {
    return requestsPerMinute == 0 && tokensPerMinute == 0;
  }
}
