package dev.baton.bench.sse;

import io.vertx.core.buffer.Buffer;

/**
 * Splits a byte stream into lines as it arrives, without copying: a line wholly inside one network
 * chunk is handed over as a range of that chunk; only a line cut by a chunk boundary is carried
 * (copied) until its end arrives. Memory is bounded by the longest line, never the stream.
 */
public final class SseLineSplitter {

  /** Receives each line, without its {@code \n} or {@code \r\n}, as {@code buffer[start, end)}. */
  @FunctionalInterface
  public interface LineHandler {
    void line(Buffer buffer, int start, int end);
  }

  private final LineHandler handler;
  private final int maxLineBytes;
  private Buffer carry;

  /**
   * @param maxLineBytes a line longer than this fails the stream with {@link IllegalStateException}
   *     (a server that never sends a newline must not make us buffer without bound)
   */
  public SseLineSplitter(LineHandler handler, int maxLineBytes) {
    this.handler = handler;
    this.maxLineBytes = maxLineBytes;
  }

  /** Feeds the next chunk of the stream; calls the handler for every line it completes. */
  public void feed(Buffer chunk) {
    int length = chunk.length();
    int from = 0;
    for (int i = 0; i < length; i++) {
      if (chunk.getByte(i) != '\n') {
        continue;
      }
      if (carry != null) {
        carry.appendBuffer(chunk, from, i - from);
        Buffer line = carry;
        carry = null;
        emit(line, 0, line.length());
      } else {
        emit(chunk, from, i);
      }
      from = i + 1;
    }
    if (from < length) {
      if (carry == null) {
        carry = Buffer.buffer(Math.max(256, 2 * (length - from)));
      }
      carry.appendBuffer(chunk, from, length - from);
      if (carry.length() > maxLineBytes) {
        carry = null;
        throw new IllegalStateException("SSE line longer than " + maxLineBytes + " bytes");
      }
    }
  }

  /** Whether bytes of an unfinished line are pending (a stream that ends here was cut mid-line). */
  public boolean hasPartialLine() {
    return carry != null && carry.length() > 0;
  }

  private void emit(Buffer buffer, int start, int end) {
    if (end > start && buffer.getByte(end - 1) == '\r') {
      end--;
    }
    handler.line(buffer, start, end);
  }
}
