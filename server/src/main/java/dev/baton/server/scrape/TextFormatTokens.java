package dev.baton.server.scrape;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level token rules of the Prometheus text format. Everything works on a region of a byte array
 * so that lines nobody asked for are checked without creating a single object.
 */
final class TextFormatTokens {
  /** Returned by {@link #timestamp} for a token that is not a 64-bit integer. */
  static final long BAD_TIMESTAMP = Long.MIN_VALUE;

  private TextFormatTokens() {}

  static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }

  static int skipBlanks(byte[] b, int p, int end) {
    while (p < end && isBlank(b[p])) {
      p++;
    }
    return p;
  }

  /** End of the run of non-blank bytes starting at {@code p}. */
  static int tokenEnd(byte[] b, int p, int end) {
    while (p < end && !isBlank(b[p])) {
      p++;
    }
    return p;
  }

  /** End of a metric name {@code [a-zA-Z_:][a-zA-Z0-9_:]*} starting at {@code p}; p when none. */
  static int metricNameEnd(byte[] b, int p, int end) {
    if (p >= end || !(isLetter(b[p]) || b[p] == ':')) {
      return p;
    }
    int q = p + 1;
    while (q < end && (isLetter(b[q]) || isDigit(b[q]) || b[q] == ':')) {
      q++;
    }
    return q;
  }

  /** End of a label name {@code [a-zA-Z_][a-zA-Z0-9_]*} starting at {@code p}; p when none. */
  static int labelNameEnd(byte[] b, int p, int end) {
    if (p >= end || !isLetter(b[p])) {
      return p;
    }
    int q = p + 1;
    while (q < end && (isLetter(b[q]) || isDigit(b[q]))) {
      q++;
    }
    return q;
  }

  /**
   * Whether the token is a float as Prometheus writes them: decimal with optional fraction and
   * exponent, or {@code NaN}, {@code Inf}, {@code +Inf}, {@code -Inf} in any case.
   */
  static boolean isFloat(byte[] b, int s, int e) {
    if (s < e && isWord(b, s, e, "nan")) {
      return true;
    }
    if (s < e && (b[s] == '+' || b[s] == '-')) {
      s++;
    }
    if (isWord(b, s, e, "inf") || isWord(b, s, e, "infinity")) {
      return true;
    }
    int digits = 0;
    while (s < e && isDigit(b[s])) {
      s++;
      digits++;
    }
    if (s < e && b[s] == '.') {
      s++;
      while (s < e && isDigit(b[s])) {
        s++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (s < e && (b[s] == 'e' || b[s] == 'E')) {
      s++;
      if (s < e && (b[s] == '+' || b[s] == '-')) {
        s++;
      }
      int exponentDigits = 0;
      while (s < e && isDigit(b[s])) {
        s++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        return false;
      }
    }
    return s == e;
  }

  /** The value of a token that {@link #isFloat} accepted. */
  static double floatValue(byte[] b, int s, int e) {
    if (isWord(b, s, e, "nan")) {
      return Double.NaN;
    }
    boolean negative = b[s] == '-';
    int unsigned = b[s] == '+' || b[s] == '-' ? s + 1 : s;
    if (isWord(b, unsigned, e, "inf") || isWord(b, unsigned, e, "infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(ascii(b, s, e));
  }

  /** A signed 64-bit integer, or {@link #BAD_TIMESTAMP}. */
  static long timestamp(byte[] b, int s, int e) {
    boolean negative = s < e && b[s] == '-';
    if (s < e && (b[s] == '+' || b[s] == '-')) {
      s++;
    }
    if (s == e) {
      return BAD_TIMESTAMP;
    }
    long value = 0;
    for (int i = s; i < e; i++) {
      if (!isDigit(b[i])) {
        return BAD_TIMESTAMP;
      }
      try {
        value = Math.addExact(Math.multiplyExact(value, 10), b[i] - '0');
      } catch (ArithmeticException overflow) {
        return BAD_TIMESTAMP;
      }
    }
    return negative ? -value : value;
  }

  /** Case-insensitive comparison of the whole token with a lower-case ASCII word. */
  static boolean isWord(byte[] b, int s, int e, String lowerCaseWord) {
    if (e - s != lowerCaseWord.length()) {
      return false;
    }
    for (int i = 0; i < lowerCaseWord.length(); i++) {
      if (Character.toLowerCase((char) b[s + i]) != lowerCaseWord.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the region equals {@code prefix + suffix} (names are ASCII by the grammar). */
  static boolean regionEquals(byte[] b, int s, int e, String prefix, String suffix) {
    if (e - s != prefix.length() + suffix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[s + i] != prefix.charAt(i)) {
        return false;
      }
    }
    int base = s + prefix.length();
    for (int i = 0; i < suffix.length(); i++) {
      if (b[base + i] != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static String ascii(byte[] b, int s, int e) {
    return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
  }

  private static boolean isLetter(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }
}
