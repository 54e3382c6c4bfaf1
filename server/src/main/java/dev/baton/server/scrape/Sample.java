package dev.baton.server.scrape;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One sample line of a Prometheus text exposition, as {@link PrometheusTextParser} decodes it.
 *
 * @param name the sample's name as written ({@code vllm:prompt_tokens_total},
 *     {@code vllm:e2e_request_latency_seconds_bucket})
 * @param family the metric family it belongs to, with the type's suffix removed
 *     ({@code vllm:prompt_tokens}, {@code vllm:e2e_request_latency_seconds}); the name itself for
 *     gauges and untyped samples
 * @param type the family's declared type, {@link MetricType#UNTYPED} when none was declared
 * @param labels label names to unescaped values, in the order written
 * @param value the value; NaN and infinities are kept as such
 * @param timestampMillis the optional timestamp, milliseconds since the epoch
 */
public record Sample(
    String name,
    String family,
    MetricType type,
    Map<String, String> labels,
    double value,
    OptionalLong timestampMillis) {

  public Sample {
    labels = Collections.unmodifiableMap(labels);
  }

  /** The label's value, or {@code ""} when the sample does not carry it (as PromQL treats it). */
  public String label(String labelName) {
    return labels.getOrDefault(labelName, "");
  }
}
