package dev.baton.server.scrape;

import java.util.Locale;

/** The metric types a {@code # TYPE} line may declare in the Prometheus text format (version 0.0.4). */
public enum MetricType {
  COUNTER,
  GAUGE,
  HISTOGRAM,
  SUMMARY,
  /** No {@code # TYPE} line, or an explicit {@code untyped}. */
  UNTYPED;

  private static final MetricType[] VALUES = values();
  private final String keyword = name().toLowerCase(Locale.ROOT);

  /** The type named by a {@code # TYPE} line's keyword at {@code b[s..e)}, or null for another word. */
  static MetricType fromKeyword(byte[] b, int s, int e) {
    for (MetricType type : VALUES) {
      if (TextFormatTokens.regionEquals(b, s, e, type.keyword, "")) {
        return type;
      }
    }
    return null;
  }
}
