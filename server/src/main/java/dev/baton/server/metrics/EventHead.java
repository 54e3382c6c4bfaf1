package dev.baton.server.metrics;

import java.util.Arrays;

/**
 * The head of the last event a stream's {@link EventScanner} read: its bytes from the opening brace
 * up to the first top-level member that matters ({@code choices} or {@code usage}). vLLM and SGLang
 * open every event of a stream with the same {@code id}, {@code object}, {@code created} and
 * {@code model}, about two thirds of an event's bytes and most of its strings; when the next event
 * opens with the same bytes, the scanner starts after them instead of reading them again.
 *
 * <p>That is exact because reading a range of bytes depends on those bytes alone: the scanner
 * stood at a member boundary of the top-level object with nothing counted and no line break seen,
 * and would stand there again after the same bytes. The byte after the head is read again anyway.
 */
final class EventHead {

  /** A longer head is not kept: it would cost more to compare and copy than vLLM's (~120 bytes). */
  private static final int MAX_BYTES = 512;

  private byte[] bytes = new byte[0];
  /** How many bytes of {@link #bytes} are the head; 0 for none. */
  private int length;

  /**
   * Where to go on reading the event in {@code event[from, to)}, past the head it shares with the
   * last one, or -1 when it does not open with that head (or the head is all it has).
   */
  int resume(byte[] event, int from, int to) {
    int n = length;
    if (n == 0 || to - from <= n || !Arrays.equals(event, from, from + n, bytes, 0, n)) {
      return -1;
    }
    return from + n;
  }

  /** How many bytes the kept head has; 0 for none. */
  int length() {
    return length;
  }

  /** Keeps {@code event[from, until)} as the head, {@code until} a member boundary. */
  void remember(byte[] event, int from, int until) {
    int n = until - from;
    if (n > MAX_BYTES) {
      length = 0;
      return;
    }
    if (bytes.length < n) {
      bytes = new byte[Math.max(n, 128)];
    }
    System.arraycopy(event, from, bytes, 0, n);
    length = n;
  }
}
