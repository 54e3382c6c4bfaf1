package dev.baton.server.scrape;

import static dev.baton.server.scrape.TextFormatTokens.ascii;
import static dev.baton.server.scrape.TextFormatTokens.labelNameEnd;
import static dev.baton.server.scrape.TextFormatTokens.skipBlanks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Scans the {@code {name="value",...}} part of a sample line. Every label set is checked; only those
 * of wanted samples are decoded, into Strings with escapes resolved. Reused for every line.
 */
final class LabelSetScanner {
  private byte[] unescaped = new byte[128];
  private String decodedValue;

  /**
   * Scans from just after the opening brace; returns the index after the closing one.
   *
   * @param into where decoded labels go, or null to check the syntax only
   * @throws IllegalArgumentException describing the first syntax error
   */
  int scan(byte[] b, int p, int end, Map<String, String> into) {
    p = skipBlanks(b, p, end);
    while (p < end && b[p] != '}') {
      int nameEnd = labelNameEnd(b, p, end);
      if (nameEnd == p) {
        throw new IllegalArgumentException("expected a label name");
      }
      int q = skipBlanks(b, nameEnd, end);
      if (q >= end || b[q] != '=') {
        throw new IllegalArgumentException("expected '=' after label name");
      }
      q = skipBlanks(b, q + 1, end);
      if (q >= end || b[q] != '"') {
        throw new IllegalArgumentException("expected '\"' to open a label value");
      }
      q = value(b, q + 1, end, into != null);
      if (into != null && into.put(ascii(b, p, nameEnd), decodedValue) != null) {
        throw new IllegalArgumentException("duplicate label " + ascii(b, p, nameEnd));
      }
      p = skipBlanks(b, q, end);
      if (p < end && b[p] == ',') {
        p = skipBlanks(b, p + 1, end);
      } else if (p >= end || b[p] != '}') {
        throw new IllegalArgumentException("expected ',' or '}' after a label");
      }
    }
    if (p >= end) {
      throw new IllegalArgumentException("unterminated label set");
    }
    return p + 1;
  }

  /** Scans a value from just after its opening quote; returns the index after the closing one. */
  private int value(byte[] b, int p, int end, boolean decode) {
    int n = 0;
    boolean escaped = false;
    for (int i = p; i < end; i++) {
      byte c = b[i];
      if (c == '"') {
        if (decode) {
          decodedValue =
              escaped
                  ? new String(unescaped, 0, n, StandardCharsets.UTF_8)
                  : new String(b, p, i - p, StandardCharsets.UTF_8);
        }
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 == end) {
          break;
        }
        byte next = b[++i];
        c =
            switch (next) {
              case '\\', '"' -> next;
              case 'n' -> (byte) '\n';
              default ->
                  throw new IllegalArgumentException(
                      "invalid escape '\\" + (char) next + "' in a label value");
            };
        escaped = true;
      }
      if (decode) {
        if (n == unescaped.length) {
          unescaped = Arrays.copyOf(unescaped, n * 2);
        }
        unescaped[n++] = c;
      }
    }
    throw new IllegalArgumentException("unterminated label value");
  }
}
