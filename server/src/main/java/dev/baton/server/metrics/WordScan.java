package dev.baton.server.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Looks for a byte eight at a time: one long read covers eight bytes, and a few bit operations
 * tell whether any of them is one we stop at (the "has a zero byte" trick), so a run of ordinary
 * bytes costs a load and a handful of instructions per word instead of a compare per byte. The
 * last bytes, fewer than eight, are looked at one by one. The words are read little-endian, so the
 * lowest flagged bit is the first such byte in the array.
 *
 * <p>The trick's flags are exact up to the first byte they find; the bytes after it may be flagged
 * wrongly (a borrow runs into them), which is why only the lowest flag is ever used.
 */
final class WordScan {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long LINE_FEEDS = ONES * '\n';
  private static final long SPACES = ONES * ' ';

  private WordScan() {}

  /**
   * The index of the first byte in {@code [from, to)} that a JSON string's plain ASCII run ends
   * at: a quote, a backslash, a control byte (below 0x20) or a byte above 0x7F (UTF-8 to check);
   * {@code to} if there is none.
   */
  static int stringRunEnd(byte[] bytes, int from, int to) {
    int i = from;
    for (; i <= to - Long.BYTES; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i);
      long stops = zeroBytes(word ^ QUOTES) | zeroBytes(word ^ BACKSLASHES)
          | ((word - SPACES) & ~word & HIGH_BITS) // below 0x20 (bytes above 0x7F: next term)
          | (word & HIGH_BITS);
      if (stops != 0) {
        return i + (Long.numberOfTrailingZeros(stops) >>> 3);
      }
    }
    for (; i < to; i++) {
      byte c = bytes[i];
      if (c == '"' || c == '\\' || c < 0x20) { // negative: above 0x7F
        return i;
      }
    }
    return to;
  }

  /** The index of the first line feed in {@code [from, to)}, or {@code to} if there is none. */
  static int lineFeed(byte[] bytes, int from, int to) {
    int i = from;
    for (; i <= to - Long.BYTES; i += Long.BYTES) {
      long found = zeroBytes((long) LONGS.get(bytes, i) ^ LINE_FEEDS);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return to;
  }

  /** The high bit of each zero byte of {@code word}: exact up to the lowest one. */
  private static long zeroBytes(long word) {
    return (word - ONES) & ~word & HIGH_BITS;
  }
}
