package dev.baton.server.accesslog;

import java.time.Instant;
import java.util.List;

/**
 * One request as the access log records it; written as one JSON object per line with snake_case
 * keys in this order ({@code request_id}, {@code ttft_ms}..., see {@link AccessLineFormat}). Every
 * key is always present (null when unknown), so log pipelines see one stable shape. Immutable: it is
 * made on the event loop and formatted on the writer thread.
 *
 * @param time when the request ended (written ISO-8601 UTC, as {@link Instant#toString()})
 * @param requestId the {@code X-Request-Id} sent to the workers
 * @param traceId the W3C trace id the request ran under, or null
 * @param model the requested model as the client named it
 * @param route {@code aggregated}, {@code disaggregated}, or {@code none} when it was never routed
 * @param decision why it was or was not split (the router's reason), or null when never routed
 * @param decodeEndpoint id of the endpoint that decoded (or served it whole): the last one tried,
 *     after retries and failovers; the first pick when no attempt was made; or null
 * @param prefillEndpoint id of the endpoint that ran the prefill leg (the last one tried), or null
 * @param attempts every attempt of every leg, in order, each with its endpoint and outcome
 * @param prefillOutcome how the prefill leg ended, or null without one
 * @param ttftMs time to the first token in milliseconds, or null when no token was seen
 * @param promptTokens prompt tokens: the worker's usage when reported, else Baton's estimate when a
 *     worker answered, else null
 * @param completionTokens generated tokens: the worker's usage when reported, else the generated
 *     chunks seen, else null
 * @param status the HTTP status sent to the client
 * @param outcome how the request ended, e.g. {@code success}, {@code client_gone}
 * @param durationMs time from arrival to the end of the answer, in milliseconds
 */
public record AccessLogEntry(
    Instant time,
    String requestId,
    String traceId,
    String model,
    String route,
    String decision,
    String decodeEndpoint,
    String prefillEndpoint,
    List<AttemptEntry> attempts,
    String prefillOutcome,
    Double ttftMs,
    Integer promptTokens,
    Integer completionTokens,
    int status,
    String outcome,
    double durationMs) {

  /** Nanoseconds as the log's milliseconds, to the microsecond: enough for latencies, short. */
  public static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
