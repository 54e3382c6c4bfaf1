package dev.baton.server.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks strict JSON (RFC 8259, UTF-8) in a range of bytes without allocating: the moves
 * {@link EventScanner} is made of. Every move checks the input and throws {@link #GIVE_UP} on
 * anything it does not take: malformed JSON, invalid UTF-8, the end of the range, a number longer
 * than {@value #MAX_NUMBER_CHARS} characters, a name longer than {@value #MAX_NAME_BYTES} bytes,
 * nesting deeper than {@value #MAX_DEPTH}. Those bounds are tighter than Jackson's defaults, so
 * what the cursor takes, Jackson takes too.
 */
final class JsonCursor {

  /** Thrown, one shared instance without a stack trace, where the cursor takes no more. */
  static final class GiveUp extends RuntimeException {
    private GiveUp() {
      super(null, null, false, false);
    }
  }

  static final GiveUp GIVE_UP = new GiveUp();

  private static final int MAX_DEPTH = 200; // Jackson's default limit: 1,000
  private static final int MAX_NUMBER_CHARS = 100; // Jackson's: 1,000
  private static final int MAX_NAME_BYTES = 1_000; // Jackson's: 50,000
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] NULL = ascii("null");

  private byte[] b;
  private int p;
  private int end;
  /** The raw bytes of the member name read last, between its quotes. */
  private int nameFrom;
  private int nameTo;
  /** A CR or LF was skipped as whitespace since the last reset (an SSE line would end there). */
  private boolean lineBreak;

  /** Starts at {@code bytes[from]}; the input ends at {@code to}. */
  void reset(byte[] bytes, int from, int to) {
    b = bytes;
    p = from;
    end = to;
    lineBreak = false;
  }

  /** Lets go of the input. */
  void clear() {
    b = null;
  }

  byte[] bytes() {
    return b;
  }

  int position() {
    return p;
  }

  /** Goes on at {@code position} (past any whitespace there), as if the bytes before it were read. */
  void seek(int position) {
    p = position;
    whitespace();
  }

  /** Goes on at exactly {@code position}, as if the bytes before it were read. */
  void moveTo(int position) {
    p = position;
  }

  /** True when a CR or LF was skipped as whitespace since the last reset. */
  boolean sawLineBreak() {
    return lineBreak;
  }

  /** The byte at the position (the input must go on). */
  byte peek() {
    if (p >= end) {
      throw GIVE_UP;
    }
    return b[p];
  }

  /** After an object's or array's opening: true (and past it) if {@code close} comes next. */
  boolean closes(char close) {
    whitespace();
    if (peek() == close) {
      p++;
      return true;
    }
    return false;
  }

  /** After a member or element: true (at the next one) after a comma, false after {@code close}. */
  boolean more(char close) {
    whitespace();
    byte c = peek();
    if (c == ',') {
      p++;
      whitespace();
      return true;
    }
    if (c == close) {
      p++;
      return false;
    }
    throw GIVE_UP;
  }

  /**
   * Reads a member's name and colon, up to its value; the name must be unescaped.
   *
   * @return the index of the name in {@code names}, or -1 for another name
   */
  int member(MemberNames names) {
    if (peek() != '"') {
      throw GIVE_UP;
    }
    int known = names.at(b, p + 1, end);
    if (known >= 0) { // a plain name, matched where it lies: no scan
      nameFrom = p + 1;
      nameTo = nameFrom + names.length(known);
      p = nameTo + 1;
      colon();
      return known;
    }
    memberName();
    for (int i = nameFrom; i < nameTo; i++) {
      if (b[i] == '\\') {
        throw GIVE_UP; // an escaped name may spell one that matters: Jackson reads it
      }
    }
    return names.indexOf(b, nameFrom, nameTo);
  }

  /** At a string value: moves past it; true when it has a character. */
  boolean nonEmptyString() {
    int open = p;
    string();
    return p - open > 2;
  }

  /** At a value's first byte: moves past it; {@code depth} is the nesting it opens, if it does. */
  void skipValue(int depth) {
    switch (peek()) {
      case '{' -> {
        open(depth);
        if (!closes('}')) {
          do {
            memberName();
            skipValue(depth + 1);
          } while (more('}'));
        }
      }
      case '[' -> {
        open(depth);
        if (!closes(']')) {
          do {
            skipValue(depth + 1);
          } while (more(']'));
        }
      }
      case '"' -> string();
      case 't' -> literal(TRUE);
      case 'f' -> literal(FALSE);
      case 'n' -> literal(NULL);
      default -> number();
    }
  }

  /** At an object's or array's opening, {@code depth} deep: moves past it. */
  void open(int depth) {
    if (depth > MAX_DEPTH) {
      throw GIVE_UP;
    }
    p++;
  }

  private void memberName() {
    if (peek() != '"') {
      throw GIVE_UP;
    }
    nameFrom = p + 1;
    string();
    nameTo = p - 1;
    if (nameTo - nameFrom > MAX_NAME_BYTES) {
      throw GIVE_UP;
    }
    colon();
  }

  /** After a member's name: past the colon and the whitespace around it. */
  private void colon() {
    whitespace();
    if (peek() != ':') {
      throw GIVE_UP;
    }
    p++;
    whitespace();
  }

  /** Skips JSON's four whitespace bytes. */
  private void whitespace() {
    int i = p;
    if (i < end && b[i] > ' ') {
      return; // most often none: vLLM writes none
    }
    while (i < end) {
      byte c = b[i];
      if (c == '\n' || c == '\r') {
        lineBreak = true;
      } else if (c != ' ' && c != '\t') {
        break;
      }
      i++;
    }
    p = i;
  }

  private void literal(byte[] word) {
    if (end - p < word.length || !Arrays.equals(b, p, p + word.length, word, 0, word.length)) {
      throw GIVE_UP;
    }
    p += word.length;
  }

  /** JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  private void number() {
    int start = p;
    if (peek() == '-') {
      p++;
    }
    if (peek() == '0') {
      p++;
    } else {
      digits();
    }
    if (p < end && b[p] == '.') {
      p++;
      digits();
    }
    if (p < end && (b[p] == 'e' || b[p] == 'E')) {
      p++;
      if (peek() == '+' || b[p] == '-') {
        p++;
      }
      digits();
    }
    if (p - start > MAX_NUMBER_CHARS) {
      throw GIVE_UP;
    }
  }

  /** One digit or more. */
  private void digits() {
    if (!digit(peek())) {
      throw GIVE_UP;
    }
    do {
      p++;
    } while (p < end && digit(b[p]));
  }

  private static boolean digit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** At a string's opening quote: moves past its closing one. */
  private void string() {
    byte[] bytes = b;
    int i = p + 1;
    int limit = end;
    while (true) {
      i = WordScan.stringRunEnd(bytes, i, limit); // past printable ASCII, eight bytes at a time
      if (i >= limit) {
        throw GIVE_UP;
      }
      byte c = bytes[i];
      if (c == '"') {
        p = i + 1;
        return;
      }
      if (c == '\\') {
        i = JsonEscape.after(bytes, i, limit);
      } else if (c < 0) {
        i = Utf8.after(bytes, i, limit);
      } else {
        throw GIVE_UP; // a raw control character, which JSON forbids in a string
      }
    }
  }

  /** The bytes of an ASCII word, to match against the input. */
  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
