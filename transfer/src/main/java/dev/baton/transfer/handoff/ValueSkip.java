package dev.baton.transfer.handoff;

/**
 * Steps over JSON values in UTF-8 bytes, checking them against RFC 8259's grammar, for the byte
 * paths that must reach the verdict of Jackson's default parser without its cost (a parser and its
 * buffers set up, every name looked up in a symbol table: most of a prefill answer's scan).
 *
 * <p>It answers only when sure: what it steps over, Jackson's defaults read too (the grammar and
 * UTF-8 strictly, well inside Jackson's limits on depth, numbers, strings and names); anything else,
 * invalid or merely unusual (a byte order mark, an overlong UTF-8 form, a very deep nesting), is
 * {@link #UNSURE} and the caller asks Jackson, so every refusal is Jackson's own.
 */
final class ValueSkip {

  /** Not an answer: the caller reads the bytes with Jackson. */
  static final int UNSURE = -1;

  /** Jackson's defaults allow 1,000 levels, numbers of 1,000 characters, names of 50,000. */
  private static final int MAX_DEPTH = 200;
  private static final int MAX_NUMBER = 500;
  private static final int MAX_NAME = 40_000;
  /** Jackson's default allows strings of 20 million characters (a character is one byte or more). */
  private static final int MAX_STRING = 16_000_000;

  private ValueSkip() {}

  /** The first byte at or after {@code at} that is not JSON white space. */
  static int blank(byte[] bytes, int at) {
    int i = at;
    while (i < bytes.length && isBlank(bytes[i])) {
      i++;
    }
    return i;
  }

  /** Where the value starting at {@code at} ends; {@code depth} counts the containers around it. */
  static int value(byte[] bytes, int at, int depth) {
    if (at >= bytes.length) {
      return UNSURE;
    }
    return switch (bytes[at]) {
      case '"' -> StringSkip.string(bytes, at, MAX_STRING);
      case '{' -> object(bytes, at, depth + 1);
      case '[' -> array(bytes, at, depth + 1);
      case 't' -> literal(bytes, at, "true");
      case 'f' -> literal(bytes, at, "false");
      case 'n' -> literal(bytes, at, "null");
      default -> number(bytes, at);
    };
  }

  /** Where the member name starting at {@code at} ends; unsure when it holds an escape. */
  static int plainName(byte[] bytes, int at) {
    int end = StringSkip.string(bytes, at, MAX_NAME);
    for (int i = at + 1; end != UNSURE && i < end - 1; i++) {
      if (bytes[i] == '\\') {
        return UNSURE;
      }
    }
    return end;
  }

  /** Whether the name in {@code [at, end)}, quotes included, is {@code name} (ASCII, unescaped). */
  static boolean nameIs(byte[] bytes, int at, int end, String name) {
    if (end - at - 2 != name.length()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (bytes[at + 1 + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The index of {@code expected} after blanks from {@code at}, or unsure. */
  static int expect(byte[] bytes, int at, char expected) {
    if (at == UNSURE) {
      return UNSURE;
    }
    int i = blank(bytes, at);
    return i < bytes.length && bytes[i] == expected ? i : UNSURE;
  }

  private static int object(byte[] bytes, int at, int depth) {
    if (depth > MAX_DEPTH) {
      return UNSURE;
    }
    int i = blank(bytes, at + 1);
    if (i < bytes.length && bytes[i] == '}') {
      return i + 1;
    }
    while (i < bytes.length && bytes[i] == '"') {
      i = expect(bytes, StringSkip.string(bytes, i, MAX_NAME), ':');
      i = i == UNSURE ? UNSURE : value(bytes, blank(bytes, i + 1), depth);
      i = i == UNSURE ? UNSURE : blank(bytes, i);
      if (i == UNSURE || i >= bytes.length) {
        return UNSURE;
      }
      if (bytes[i] == '}') {
        return i + 1;
      }
      i = bytes[i] == ',' ? blank(bytes, i + 1) : bytes.length;
    }
    return UNSURE;
  }

  private static int array(byte[] bytes, int at, int depth) {
    if (depth > MAX_DEPTH) {
      return UNSURE;
    }
    int i = blank(bytes, at + 1);
    if (i < bytes.length && bytes[i] == ']') {
      return i + 1;
    }
    while (i < bytes.length) {
      i = value(bytes, i, depth);
      i = i == UNSURE ? UNSURE : blank(bytes, i);
      if (i == UNSURE || i >= bytes.length) {
        return UNSURE;
      }
      if (bytes[i] == ']') {
        return i + 1;
      }
      i = bytes[i] == ',' ? blank(bytes, i + 1) : bytes.length;
    }
    return UNSURE;
  }

  /** {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}, then a byte that can follow a value. */
  private static int number(byte[] bytes, int at) {
    int i = bytes[at] == '-' ? at + 1 : at;
    if (i >= bytes.length || !isDigit(bytes[i])) {
      return UNSURE;
    }
    i = bytes[i] == '0' ? i + 1 : digits(bytes, i);
    if (i < bytes.length && bytes[i] == '.') {
      i = isDigit(bytes, i + 1) ? digits(bytes, i + 1) : UNSURE;
    }
    if (i != UNSURE && i < bytes.length && (bytes[i] == 'e' || bytes[i] == 'E')) {
      int sign = i + 1 < bytes.length && (bytes[i + 1] == '+' || bytes[i + 1] == '-') ? i + 2 : i + 1;
      i = isDigit(bytes, sign) ? digits(bytes, sign) : UNSURE;
    }
    return i == UNSURE || i - at > MAX_NUMBER || !endsValue(bytes, i) ? UNSURE : i;
  }

  private static int literal(byte[] bytes, int at, String word) {
    if (at + word.length() > bytes.length) {
      return UNSURE;
    }
    for (int i = 0; i < word.length(); i++) {
      if (bytes[at + i] != word.charAt(i)) {
        return UNSURE;
      }
    }
    int end = at + word.length();
    return endsValue(bytes, end) ? end : UNSURE;
  }

  /** Blank, a separator or a closing bracket: what Jackson lets follow a number or a literal. */
  private static boolean endsValue(byte[] bytes, int at) {
    if (at >= bytes.length) {
      return false;
    }
    byte b = bytes[at];
    return isBlank(b) || b == ',' || b == '}' || b == ']';
  }

  private static int digits(byte[] bytes, int at) {
    int i = at;
    while (i < bytes.length && isDigit(bytes[i])) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(byte[] bytes, int at) {
    return at < bytes.length && isDigit(bytes[at]);
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
