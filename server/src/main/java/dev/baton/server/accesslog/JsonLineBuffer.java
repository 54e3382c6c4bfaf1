package dev.baton.server.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 byte buffer with just the JSON the access log needs: keys, strings, numbers and
 * null. The writer thread reuses one for every line, so a line costs no intermediate strings or
 * char-to-byte copies. Strings are escaped as JSON requires and as Jackson's default does: quote and
 * backslash are escaped, control characters take their short escapes (newline, tab...) or a
 * six-character one with upper-case hex digits, everything else is UTF-8. Lines therefore read the
 * same as before; a lone surrogate, which has no UTF-8 form, gets the six-character escape too.
 * Client-sent text (model names, request ids) cannot break a line or inject a key.
 */
final class JsonLineBuffer {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private byte[] bytes;
  private int size;

  JsonLineBuffer(int initialCapacity) {
    bytes = new byte[initialCapacity];
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  /** Writes the bytes held so far to {@code out}; the buffer keeps them until {@link #clear()}. */
  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  /**
   * Writes the first {@code length} bytes to {@code out} and keeps the rest, moved to the front: a
   * rotating file ends with the lines before the one that did not fit.
   */
  void writeHeadTo(OutputStream out, int length) throws IOException {
    out.write(bytes, 0, length);
    System.arraycopy(bytes, length, bytes, 0, size - length);
    size -= length;
  }

  @Override
  public String toString() {
    return new String(bytes, 0, size, StandardCharsets.UTF_8);
  }

  JsonLineBuffer raw(char c) {
    ensure(1);
    bytes[size++] = (byte) c;
    return this;
  }

  /** Appends ASCII text as it is: keys, punctuation and numbers this class made itself. */
  JsonLineBuffer ascii(String text) {
    int n = text.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      bytes[size++] = (byte) text.charAt(i);
    }
    return this;
  }

  /** Appends text as it is, in UTF-8: a line formatted elsewhere (the trace's JSON). */
  JsonLineBuffer utf8(String text) {
    byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
    ensure(encoded.length);
    System.arraycopy(encoded, 0, bytes, size, encoded.length);
    size += encoded.length;
    return this;
  }

  /** {@code "key":} after a comma unless it is the object's first key. */
  JsonLineBuffer key(String name, boolean first) {
    if (!first) {
      raw(',');
    }
    return raw('"').ascii(name).raw('"').raw(':');
  }

  JsonLineBuffer nullValue() {
    ensure(4);
    System.arraycopy(NULL, 0, bytes, size, 4);
    size += 4;
    return this;
  }

  JsonLineBuffer number(long value) {
    return ascii(Long.toString(value));
  }

  /** As Jackson writes a double (Java's shortest round-trip form); null when not finite. */
  JsonLineBuffer number(double value) {
    return Double.isFinite(value) ? ascii(Double.toString(value)) : nullValue();
  }

  JsonLineBuffer number(Number value) {
    if (value == null) {
      return nullValue();
    }
    return value instanceof Double d ? number(d.doubleValue()) : number(value.longValue());
  }

  /** A JSON string, or null. */
  JsonLineBuffer string(String text) {
    if (text == null) {
      return nullValue();
    }
    int n = text.length();
    // Worst case per char: a six-byte escape; the ensure is per string, not per char.
    ensure(6 * n + 2);
    byte[] b = bytes;
    int at = size;
    b[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x80) {
        if (c == '"' || c == '\\') {
          b[at++] = '\\';
        }
        b[at++] = (byte) c;
      } else if (c < 0x20) {
        at = control(b, at, c);
      } else if (c < 0x800) {
        b[at++] = (byte) (0xc0 | (c >> 6));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        b[at++] = (byte) (0xf0 | (cp >> 18));
        b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        b[at++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        at = unicodeEscape(b, at, c);
      } else {
        b[at++] = (byte) (0xe0 | (c >> 12));
        b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    b[at++] = '"';
    size = at;
    return this;
  }

  private static int control(byte[] b, int at, char c) {
    char shortForm = switch (c) {
      case '\n' -> 'n';
      case '\r' -> 'r';
      case '\t' -> 't';
      case '\b' -> 'b';
      case '\f' -> 'f';
      default -> 0;
    };
    if (shortForm == 0) {
      return unicodeEscape(b, at, c);
    }
    b[at++] = '\\';
    b[at++] = (byte) shortForm;
    return at;
  }

  private static int unicodeEscape(byte[] b, int at, char c) {
    b[at++] = '\\';
    b[at++] = 'u';
    b[at++] = HEX[(c >> 12) & 0xf];
    b[at++] = HEX[(c >> 8) & 0xf];
    b[at++] = HEX[(c >> 4) & 0xf];
    b[at++] = HEX[c & 0xf];
    return at;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
