package dev.baton.sim.engine;

import java.util.Objects;

/**
 * What the HTTP layer asks the engine to run for one choice of one request.
 *
 * @param requestId engine request id (unique among live sequences; names held KV handles)
 * @param prompt prompt token ids
 * @param maxTokens tokens to generate at most
 * @param minTokens tokens before which the end-of-turn token is suppressed
 * @param ignoreEos never stop at the end-of-turn token
 * @param seed seed of the generated text (the same prompt and seed give the same text on any worker)
 * @param cacheScope adapter name and cache salt that partition the prefix cache, or empty
 * @param holdForRemoteDecode keep the KV blocks after a length-capped finish for a decode worker to pull
 * @param externalTokens prompt tokens whose KV arrived from a prefill worker
 * @param slowNanosPerToken extra wall-clock delay after each token (fault injection)
 */
public record SequenceSpec(
    String requestId,
    int[] prompt,
    int maxTokens,
    int minTokens,
    boolean ignoreEos,
    long seed,
    String cacheScope,
    boolean holdForRemoteDecode,
    int externalTokens,
    long slowNanosPerToken) {

  public SequenceSpec {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(prompt, "prompt");
    cacheScope = cacheScope == null ? "" : cacheScope;
    if (prompt.length == 0 || maxTokens < 1) {
      throw new IllegalArgumentException("a sequence needs a prompt and max_tokens >= 1");
    }
  }
}
