package dev.baton.server.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The member names {@link JsonCursor} expects at one level of an event (plain ASCII, no escapes),
 * matched where they lie: a name and its closing quote are compared eight bytes at a time, masked
 * to their length, so a name that is one of them is neither scanned as a string nor compared
 * again. A vLLM event's names are short and always the same few; scanning each as a string and
 * then comparing it with each name that matters was most of the scanner's cost per member.
 *
 * <p>A name listed here only to be recognised (vLLM's {@code index}, {@code logprobs}, ...) skips
 * its scan too. The bytes compared are exactly the name and its quote; a longer or escaped name,
 * or one too near the end of its array to read a whole word, is left to the scanning path.
 */
final class MemberNames {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Each name with its closing quote. */
  private final byte[][] quoted;
  /** Each name's words (little-endian, zero past its quote) and the masks of their bytes. */
  private final long[][] words;
  private final long[][] masks;

  /** The names, in the order they are tried: the likeliest first. */
  MemberNames(String... names) {
    quoted = new byte[names.length][];
    words = new long[names.length][];
    masks = new long[names.length][];
    for (int n = 0; n < names.length; n++) {
      byte[] bytes = JsonCursor.ascii(names[n] + '"');
      quoted[n] = bytes;
      int count = (bytes.length + Long.BYTES - 1) / Long.BYTES;
      words[n] = new long[count];
      masks[n] = new long[count];
      for (int i = 0; i < bytes.length; i++) {
        int shift = (i % Long.BYTES) * Byte.SIZE;
        words[n][i / Long.BYTES] |= (bytes[i] & 0xFFL) << shift;
        masks[n][i / Long.BYTES] |= 0xFFL << shift;
      }
    }
  }

  /**
   * The index of the name that, with its closing quote, starts at {@code bytes[from]} and ends
   * before {@code end}; -1 when none does or the words cannot be read within the array.
   */
  int at(byte[] bytes, int from, int end) {
    for (int n = 0; n < quoted.length; n++) {
      long[] w = words[n];
      if (from + quoted[n].length > end || from + w.length * Long.BYTES > bytes.length) {
        continue;
      }
      long[] m = masks[n];
      int i = 0;
      while (i < w.length && (((long) LONGS.get(bytes, from + i * Long.BYTES) ^ w[i]) & m[i]) == 0) {
        i++;
      }
      if (i == w.length) {
        return n;
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
