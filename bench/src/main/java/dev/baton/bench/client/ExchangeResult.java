package dev.baton.bench.client;

import dev.baton.bench.workload.Prompt;

/**
 * How one request ended.
 *
 * @param prompt what was sent
 * @param error why it failed, or {@code null} on success
 * @param errorDetail a short description of the failure (status and body start, exception), or
 *     {@code null}
 * @param ttftNanos start to first content chunk, or -1 when none arrived
 * @param e2eNanos start to {@code [DONE]} (or to the failure)
 * @param outputTokens {@code usage.completion_tokens} when reported, else the content chunks seen
 * @param promptTokens {@code usage.prompt_tokens}, or -1 when not reported
 * @param cachedTokens {@code usage.prompt_tokens_details.cached_tokens}, or -1 when not reported
 * @param answer the streamed text when it was collected, else {@code null}
 */
public record ExchangeResult(
    Prompt prompt,
    ErrorKind error,
    String errorDetail,
    long ttftNanos,
    long e2eNanos,
    long outputTokens,
    long promptTokens,
    long cachedTokens,
    String answer) {

  public boolean ok() {
    return error == null;
  }
}
