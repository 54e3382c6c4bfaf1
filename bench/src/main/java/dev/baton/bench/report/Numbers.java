package dev.baton.bench.report;

import java.util.Locale;

/** How reports print figures: enough digits for sub-millisecond proxy overheads, no more. */
final class Numbers {

  private Numbers() {}

  /** An empty string for NaN, else 3 decimals below 1, 2 below 10, 1 below 1000, none above. */
  static String format(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    double abs = Math.abs(value);
    String pattern = abs < 1 ? "%.3f" : abs < 10 ? "%.2f" : abs < 1000 ? "%.1f" : "%.0f";
    return String.format(Locale.ROOT, pattern, value);
  }

  /** A ratio as {@code 5.23x}; empty when either side is missing or the divisor is zero. */
  static String ratio(double numerator, double denominator) {
    if (!Double.isFinite(numerator) || !Double.isFinite(denominator) || denominator == 0) {
      return "";
    }
    return String.format(Locale.ROOT, "%.2fx", numerator / denominator);
  }

  /** A share as a percentage with one decimal; empty for NaN. */
  static String percent(double share) {
    return Double.isNaN(share) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
