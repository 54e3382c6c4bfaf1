package dev.baton.server.scrape;

/**
 * The metric family a {@code # TYPE} line opened. Samples that follow belong to it when their name is
 * the family's plus one of its type's suffixes.
 *
 * @param name the name on the {@code # TYPE} line
 * @param base the family name without its type's suffix: Python clients declare counters as
 *     {@code x_total}, OpenMetrics-style ones as {@code x}; both give base {@code x}
 * @param type the declared type
 */
record FamilyHeader(String name, String base, MetricType type) {
  private static final String[] COUNTER_SUFFIXES = {"_total", "_created"};
  private static final String[] HISTOGRAM_SUFFIXES = {"_bucket", "_sum", "_count", "_created"};
  private static final String[] SUMMARY_SUFFIXES = {"_sum", "_count", "_created"};
  private static final String[] NO_SUFFIXES = {};

  static FamilyHeader of(String name, MetricType type) {
    String base =
        type == MetricType.COUNTER && name.endsWith("_total")
            ? name.substring(0, name.length() - "_total".length())
            : name;
    return new FamilyHeader(name, base, type);
  }

  /**
   * How many trailing characters of the sample name at {@code b[s..e)} are this family's suffix, or
   * -1 when the sample is not part of the family.
   */
  int suffixLength(byte[] b, int s, int e) {
    if (TextFormatTokens.regionEquals(b, s, e, name, "")) {
      return name.length() - base.length();
    }
    String[] suffixes =
        switch (type) {
          case COUNTER -> COUNTER_SUFFIXES;
          case HISTOGRAM -> HISTOGRAM_SUFFIXES;
          case SUMMARY -> SUMMARY_SUFFIXES;
          case GAUGE, UNTYPED -> NO_SUFFIXES;
        };
    for (String suffix : suffixes) {
      if (TextFormatTokens.regionEquals(b, s, e, base, suffix)) {
        return suffix.length();
      }
    }
    return -1;
  }
}
