package dev.baton.router.scheduling;

import dev.baton.router.latency.SloTarget;
import java.util.Objects;

/**
 * What the scheduler knows about one request: the fields routing needs, read once from the body and
 * headers by the front door. Typed, so plugins never parse a shared bag of strings.
 *
 * @param requestId the {@code X-Request-Id} sent to every leg
 * @param model the requested model name
 * @param prompt the prompt as text (chat messages rendered canonically), for prefix affinity
 * @param promptTokensEstimate estimated prompt tokens (a tokenizer count when known, else chars / 4)
 * @param maxTokens the requested output limit
 * @param sessionKey the session-affinity header's value, or null
 * @param loraAdapter the LoRA adapter the model name resolves to, or null
 * @param promptTokenIds the prompt's token ids as the engines see them (from the pool's tokenizer),
 *     or null when unknown; the {@code precise-prefix-cache} matcher needs them. Not copied: the
 *     front door hands over an array it no longer touches.
 * @param slo the latency objective (headers, else YAML defaults); {@link SloTarget#NONE} for none
 */
public record SchedulingRequest(
    String requestId,
    String model,
    String prompt,
    int promptTokensEstimate,
    int maxTokens,
    String sessionKey,
    String loraAdapter,
    int[] promptTokenIds,
    SloTarget slo) {

  /** A request without a latency objective. */
  public SchedulingRequest(String requestId, String model, String prompt,
      int promptTokensEstimate, int maxTokens, String sessionKey, String loraAdapter,
      int[] promptTokenIds) {
    this(requestId, model, prompt, promptTokensEstimate, maxTokens, sessionKey, loraAdapter,
        promptTokenIds, SloTarget.NONE);
  }

  /** A request whose token ids are unknown. */
  public SchedulingRequest(String requestId, String model, String prompt,
      int promptTokensEstimate, int maxTokens, String sessionKey, String loraAdapter) {
    this(requestId, model, prompt, promptTokensEstimate, maxTokens, sessionKey, loraAdapter, null);
  }

  /** The same request with the prompt's token ids known (and the estimate replaced by their count). */
  public SchedulingRequest withPromptTokenIds(int[] tokenIds) {
    return new SchedulingRequest(requestId, model, prompt, tokenIds.length, maxTokens, sessionKey,
        loraAdapter, tokenIds, slo);
  }

  /** The same request with a latency objective. */
  public SchedulingRequest withSlo(SloTarget target) {
    return new SchedulingRequest(requestId, model, prompt, promptTokensEstimate, maxTokens,
        sessionKey, loraAdapter, promptTokenIds, target);
  }

  public SchedulingRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(model, "model");
    prompt = prompt == null ? "" : prompt;
    slo = slo == null ? SloTarget.NONE : slo;
  }

  /** Tokens this request will occupy on an engine: prompt plus output. */
  public long tokenFootprint() {
    return (long) promptTokensEstimate + Math.max(0, maxTokens);
  }

  /** The prompt-length estimate used when no tokenizer is at hand: four characters a token. */
  public static int estimateTokens(int promptChars) {
    return (promptChars + 3) / 4;
  }
}
