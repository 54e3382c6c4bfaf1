package dev.baton.bench.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One request of a traffic trace: one JSON line of a trace file (field names in snake_case), written
 * by Baton's trace sink and read by {@code baton replay}. It holds what replaying the request needs
 * and never the prompt's text unless the operator asked for it.
 *
 * @param arrivalMs when the request arrived, in ms (Unix time when Baton wrote it, from the trace's
 *     start when imported); a replay keeps only the gaps between arrivals
 * @param model the model the client asked for, or null (imported traces)
 * @param tenant the tenant the request was charged to, or null
 * @param promptTokens the prompt's length in tokens (the worker's usage when it reported one, else
 *     Baton's estimate)
 * @param blockTokens tokens per block of {@code hashIds}: block {@code i} covers the prompt's tokens
 *     from {@code i * blockTokens}; 0 when the line has no hashes
 * @param hashIds the chained hash of each full leading block: equal hashes at position {@code i}
 *     mean equal prompts up to the end of block {@code i}. Empty when hashes are off
 * @param outputTokens tokens the answer had (usage, else streamed chunks; the requested
 *     {@code max_tokens} when unknown)
 * @param stream whether the client asked for a stream
 * @param priority the request's priority header, or null
 * @param sloTtftMs the TTFT objective the request carried (header or YAML default), or null
 * @param sloTpotMs the time-per-output-token objective, or null
 * @param session the session-affinity header's value, or null
 * @param prompt the prompt's text, only when the sink's {@code includePrompts} is on, else null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "arrival_ms", "model", "tenant", "prompt_tokens", "block_tokens", "hash_ids", "output_tokens",
  "stream", "priority", "slo_ttft_ms", "slo_tpot_ms", "session", "prompt"
})
public record TraceRecord(
    double arrivalMs,
    String model,
    String tenant,
    int promptTokens,
    int blockTokens,
    List<Long> hashIds,
    int outputTokens,
    boolean stream,
    String priority,
    Double sloTtftMs,
    Double sloTpotMs,
    String session,
    String prompt) {

  public TraceRecord {
    hashIds = hashIds == null ? List.of() : List.copyOf(hashIds);
    if (promptTokens < 0 || outputTokens < 0 || blockTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
    if (!hashIds.isEmpty() && blockTokens < 1) {
      throw new IllegalArgumentException("hash_ids need a positive block_tokens");
    }
    if (Double.isNaN(arrivalMs) || Double.isInfinite(arrivalMs)) {
      throw new IllegalArgumentException("arrival_ms must be a number");
    }
  }

  /** The prompt's tokens that its hashes cover: whole blocks only. */
  public int hashedTokens() {
    return hashIds.size() * blockTokens;
  }
}
