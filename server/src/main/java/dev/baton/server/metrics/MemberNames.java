package dev.baton.server.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The member names {@link JsonCursor} expects at one level of an event (plain ASCII, no escapes),
 * matched where they lie: the eight bytes at a name are read once and compared, masked, with
 * each name's first eight (its closing quote included), the rest of a longer name only when those
 * match. So a name that is one of them is neither scanned as a string nor compared
 * again. A vLLM event's names are short and always the same few; scanning each as a string and
 * then comparing it with each name that matters was most of the scanner's cost per member.
 *
 * <p>A name listed here only to be recognised (vLLM's {@code index}, {@code logprobs}, ...) skips
 * its scan too. The bytes compared are exactly the name and its quote; a longer or escaped name,
 * or one too near the end of its array to read a word, is left to the scanning path.
 */
final class MemberNames {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Each name with its closing quote. */
  private final byte[][] quoted;
  /** Each name's first word (little-endian, zero past its quote) and the mask of its bytes. */
  private final long[] first;
  private final long[] firstMask;

  /** The names, in the order they are tried: the likeliest first. */
  MemberNames(String... names) {
    quoted = new byte[names.length][];
    first = new long[names.length];
    firstMask = new long[names.length];
    for (int n = 0; n < names.length; n++) {
      quoted[n] = JsonCursor.ascii(names[n] + '"');
      for (int i = 0; i < Math.min(quoted[n].length, Long.BYTES); i++) {
        first[n] |= (quoted[n][i] & 0xFFL) << (i * Byte.SIZE);
        firstMask[n] |= 0xFFL << (i * Byte.SIZE);
      }
    }
  }

  /**
   * The index of the name that, with its closing quote, starts at {@code bytes[from]} and ends
   * before {@code end}; -1 when none does or a whole word cannot be read there.
   */
  int at(byte[] bytes, int from, int end) {
    if (from > bytes.length - Long.BYTES) {
      return -1;
    }
    long word = (long) LONGS.get(bytes, from); // one read tells most names apart
    for (int n = 0; n < first.length; n++) {
      if (((word ^ first[n]) & firstMask[n]) == 0) {
        byte[] name = quoted[n];
        if (from + name.length <= end && (name.length <= Long.BYTES || Arrays.equals(
            bytes, from + Long.BYTES, from + name.length, name, Long.BYTES, name.length))) {
          return n;
        }
      }
    }
    return -1;
  }

  /** The length of name {@code n}, without its quote. */
  int length(int n) {
    return quoted[n].length - 1;
  }

  /** The index of the name that {@code bytes[from, to)} (read as a string already) is; -1 if none. */
  int indexOf(byte[] bytes, int from, int to) {
    for (int n = 0; n < quoted.length; n++) {
      if (to - from == length(n) && Arrays.equals(bytes, from, to, quoted[n], 0, length(n))) {
        return n;
      }
    }
    return -1;
  }
}
