package dev.baton.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.baton.bench.client.SloHeaders;
import dev.baton.bench.stats.BenchStats;
import dev.baton.bench.stats.LatencySummary;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one run, as written to {@code --out} (field names in snake_case). Only requests
 * sent after the warmup are counted; latencies come from successful requests.
 *
 * @param label the run's name ({@code --label})
 * @param url the target base URL
 * @param model the model sent
 * @param endpoint {@code chat} or {@code completions}
 * @param workload the workload's CLI name
 * @param mode {@code open-loop} or {@code closed-loop}
 * @param qps the requested arrival rate (open loop), else {@code null}
 * @param concurrency the requested concurrency (closed loop), else {@code null}
 * @param seed the seed used
 * @param requests measured requests that ended, successful or not
 * @param ok measured requests that streamed to {@code [DONE]} without an error event
 * @param errors measured requests that failed
 * @param errorsByKind failures per kind; every kind is present
 * @param errorSamples the first failure detail of each kind that happened
 * @param warmupRequests requests sent during the warmup (not measured)
 * @param durationS seconds from the end of the warmup to the end of the last measured request
 * @param requestsPerS successful requests per second over {@code duration_s}
 * @param outputTokens output tokens of successful requests (server usage, else content chunks)
 * @param outputTokensPerS output tokens per second over {@code duration_s}
 * @param promptTokens prompt tokens the server reported (0 when it reports no usage)
 * @param cachedPromptTokens prompt tokens the server reported as prefix-cache hits
 * @param ttftMs time to first content token
 * @param itlMs time between consecutive content chunks
 * @param e2eMs time from sending to {@code [DONE]}
 * @param sendLagMs how late measured requests left compared to when they were due (their Poisson
 *     arrival time in open loop, the previous request's end in closed loop); a growing tail means
 *     the generator or its machine, not the server, is the bottleneck
 * @param ttftObjectiveMs the TTFT objective the run's requests carried in an SLO header
 *     ({@code x-llm-d-slo-ttft-ms} or {@code x-slo-ttft-ms}, given with {@code --header}), else null
 * @param ttftWithinObjective of the successful requests that carried a TTFT objective (their own
 *     SLO header, as a replayed trace line sends, else {@code ttft_objective_ms}), the fraction
 *     whose first token came within it (as the client saw it); null when none carried one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({
  "label", "url", "model", "endpoint", "workload", "mode", "qps", "concurrency", "seed",
  "requests", "ok", "errors", "errors_by_kind", "error_samples", "warmup_requests", "duration_s",
  "requests_per_s", "output_tokens", "output_tokens_per_s", "prompt_tokens",
  "cached_prompt_tokens", "ttft_ms", "itl_ms", "e2e_ms", "send_lag_ms", "ttft_objective_ms",
  "ttft_within_objective"
})
public record BenchSummary(
    String label,
    String url,
    String model,
    String endpoint,
    String workload,
    String mode,
    Double qps,
    Integer concurrency,
    long seed,
    long requests,
    long ok,
    long errors,
    Map<String, Long> errorsByKind,
    Map<String, String> errorSamples,
    long warmupRequests,
    double durationS,
    double requestsPerS,
    long outputTokens,
    double outputTokensPerS,
    long promptTokens,
    long cachedPromptTokens,
    LatencySummary ttftMs,
    LatencySummary itlMs,
    LatencySummary e2eMs,
    LatencySummary sendLagMs,
    Double ttftObjectiveMs,
    Double ttftWithinObjective) {

  /** A summary of a run without a TTFT objective. */
  public BenchSummary(String label, String url, String model, String endpoint, String workload,
      String mode, Double qps, Integer concurrency, long seed, long requests, long ok, long errors,
      Map<String, Long> errorsByKind, Map<String, String> errorSamples, long warmupRequests,
      double durationS, double requestsPerS, long outputTokens, double outputTokensPerS,
      long promptTokens, long cachedPromptTokens, LatencySummary ttftMs, LatencySummary itlMs,
      LatencySummary e2eMs, LatencySummary sendLagMs) {
    this(label, url, model, endpoint, workload, mode, qps, concurrency, seed, requests, ok, errors,
        errorsByKind, errorSamples, warmupRequests, durationS, requestsPerS, outputTokens,
        outputTokensPerS, promptTokens, cachedPromptTokens, ttftMs, itlMs, e2eMs, sendLagMs, null,
        null);
  }

  // Readers ignore fields they do not know, so summaries written by a newer bench still load.
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * The summary of a finished run.
   *
   * @param seconds the measured window: end of the warmup to the end of the last measured request
   */
  static BenchSummary of(
      BenchOptions options, String model, BenchStats stats, long warmupRequests, double seconds) {
    double window = Math.max(1e-9, seconds);
    long ok = stats.ok();
    Double objective = SloHeaders.ttftObjectiveMs(options.headers());
    Double within = stats.ttftWithinObjective();
    return new BenchSummary(
        options.label(),
        options.url().toString(),
        model,
        options.endpoint().toString(),
        options.workload().kind().cliName(),
        options.openLoop() ? "open-loop" : "closed-loop",
        options.openLoop() ? options.qps() : null,
        options.openLoop() ? null : options.concurrency(),
        options.seed(),
        ok + stats.errors(),
        ok,
        stats.errors(),
        stats.errorsByKind(),
        stats.errorSamples(),
        warmupRequests,
        round(Math.max(0, seconds)),
        round(ok / window),
        stats.outputTokens(),
        round(stats.outputTokens() / window),
        stats.promptTokens(),
        stats.cachedTokens(),
        stats.ttft(),
        stats.itl(),
        stats.e2e(),
        stats.sendLag(),
        objective,
        within == null ? null : round(within));
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** The same summary naming another workload (a replayed trace is no generated workload). */
  public BenchSummary withWorkload(String name) {
    return new BenchSummary(label, url, model, endpoint, name, mode, qps, concurrency, seed,
        requests, ok, errors, errorsByKind, errorSamples, warmupRequests, durationS, requestsPerS,
        outputTokens, outputTokensPerS, promptTokens, cachedPromptTokens, ttftMs, itlMs, e2eMs,
        sendLagMs, ttftObjectiveMs, ttftWithinObjective);
  }

  /** The summary as pretty-printed JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the summary", e);
    }
  }

  /**
   * Reads a summary written by {@link #toJson()} (for scripts and tests that compare runs); fields
   * it does not know are ignored. Throws {@link IllegalArgumentException} for other JSON.
   */
  public static BenchSummary fromJson(String json) {
    BenchSummary summary;
    try {
      summary = JSON.readValue(json, BenchSummary.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a bench summary: " + e.getOriginalMessage(), e);
    }
    // Unknown fields are tolerated, so other JSON objects parse too; a summary has these.
    if (summary == null || summary.label() == null || summary.ttftMs() == null
        || summary.e2eMs() == null) {
      throw new IllegalArgumentException("not a bench summary: no label, ttft_ms or e2e_ms");
    }
    return summary;
  }

  /** One line for people: throughput, errors and the median and tail latencies. */
  public String humanLine() {
    return String.format(
        Locale.ROOT,
        "%s: %d requests (%d errors) in %.1f s, %.2f req/s, %.1f tok/s | TTFT p50 %.1f p99 %.1f ms"
            + " | ITL p50 %.1f p99 %.1f ms | E2E p50 %.1f p99 %.1f ms",
        label, requests, errors, durationS, requestsPerS, outputTokensPerS,
        ttftMs.p50(), ttftMs.p99(), itlMs.p50(), itlMs.p99(), e2eMs.p50(), e2eMs.p99());
  }
}
