package dev.baton.server.scrape;

/** The metric types a {@code # TYPE} line may declare in the Prometheus text format (version 0.0.4). */
public enum MetricType {
  COUNTER,
  GAUGE,
  HISTOGRAM,
  SUMMARY,
  /** No {@code # TYPE} line, or an explicit {@code untyped}. */
  UNTYPED;

  /** The type named by a {@code # TYPE} line, or null when the word is not one of the five. */
  static MetricType fromKeyword(String word) {
    return switch (word) {
      case "counter" -> COUNTER;
      case "gauge" -> GAUGE;
      case "histogram" -> HISTOGRAM;
      case "summary" -> SUMMARY;
      case "untyped" -> UNTYPED;
      default -> null;
    };
  }
}
