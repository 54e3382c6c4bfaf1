package dev.baton.bench.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** A figure a report can chart, by the name given to {@code bench-report --chart}. */
public enum ChartMetric {
  TTFT_P50("TTFT p50", "ms", row -> row.summary().ttftMs().p50()),
  TTFT_P90("TTFT p90", "ms", row -> row.summary().ttftMs().p90()),
  TTFT_P99("TTFT p99", "ms", row -> row.summary().ttftMs().p99()),
  ITL_P50("ITL p50", "ms", row -> row.summary().itlMs().p50()),
  ITL_P99("ITL p99", "ms", row -> row.summary().itlMs().p99()),
  E2E_P50("E2E p50", "ms", row -> row.summary().e2eMs().p50()),
  REQUESTS_PER_S("requests/s", "req/s", row -> row.summary().requestsPerS()),
  OUTPUT_TOKENS_PER_S("output tokens/s", "tok/s", row -> row.summary().outputTokensPerS()),
  EVENTS_PER_S("streamed events/s", "events/s", ReportRow::eventsPerS),
  PREFIX_HIT_RATE("prefix-cache hit rate", "%", row -> 100 * row.prefixHitRate());

  private final String title;
  private final String unit;
  private final ToDoubleFunction<ReportRow> value;

  ChartMetric(String title, String unit, ToDoubleFunction<ReportRow> value) {
    this.title = title;
    this.unit = unit;
    this.value = value;
  }

  /** The metric's name on the command line and in file names, e.g. {@code ttft-p90}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public String title() {
    return title;
  }

  public String unit() {
    return unit;
  }

  /** The row's value; {@code NaN} when the row has none (e.g. no prompt-token usage). */
  public double valueOf(ReportRow row) {
    return value.applyAsDouble(row);
  }

  /** Parses a CLI name ({@code ttft-p90}; underscores and case are tolerated). */
  public static ChartMetric parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values())
        .filter(m -> m.cliName().equals(wanted))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown chart metric '" + name
            + "'; known: " + String.join(", ", Arrays.stream(values()).map(ChartMetric::cliName).toList())));
  }
}
