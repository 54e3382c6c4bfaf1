package dev.baton.server.metrics;

import io.vertx.core.buffer.Buffer;

/**
 * Cuts a server-sent-event stream, as its chunks arrive, into whole events (each with its closing
 * blank line), so each can be read or dropped on its own. Only the start of an event not complete
 * yet is held, and only up to {@code maxEventBytes}: a larger event is passed on in pieces as
 * {@link Piece#RAW} (it cannot be read as one, but the client still gets every byte).
 */
final class SseEventSplitter {

  /** What a callback gets: a whole event, or raw bytes of one too large to hold. */
  enum Piece { EVENT, RAW }

  /** Receives the pieces in stream order. */
  @FunctionalInterface
  interface Sink {
    void accept(Piece kind, Buffer bytes);

    /**
     * A whole event that is {@code chunk}'s bytes {@code [from, to)}: a reader that needs no
     * buffer of its own reads it there (no slice per event), in {@code bytes}, the chunk's array
     * looked up once for all its events; by default it is passed on as a buffer of its own.
     */
    default void event(Buffer chunk, HeapBytes bytes, int from, int to) {
      accept(Piece.EVENT, from == 0 && to == chunk.length() ? chunk : chunk.slice(from, to));
    }
  }

  private final int maxEventBytes;
  private Buffer held = Buffer.buffer();
  /** The current line (begun in an earlier chunk) has a byte other than CR: it is no blank line. */
  private boolean lineHasText;
  /** True while passing on the rest of an event too large to hold. */
  private boolean oversized;

  SseEventSplitter(int maxEventBytes) {
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Feeds one chunk; every event it completes goes to {@code sink}, in order.
   *
   * @return true when the chunk was whole events and nothing else: nothing was held before it or
   *     is held after it, so the events given to {@code sink} are, in order, all of its bytes
   */
  boolean feed(Buffer chunk, Sink sink) {
    boolean whole = held.length() == 0 && !oversized;
    int start = 0;
    HeapBytes bytes = HeapBytes.of(chunk);
    byte[] array = bytes.array();
    int base = bytes.offset();
    int end = base + bytes.length();
    int lineStart = base;
    while (lineStart < end) {
      // Only line ends matter: find the next one eight bytes at a time, then look at that line alone.
      int newline = WordScan.lineFeed(array, lineStart, end);
      boolean text = lineHasText || !onlyCarriageReturns(array, lineStart, newline);
      if (newline == end) {
        lineHasText = text;
        break;
      }
      if (!text) {
        emit(chunk, bytes, start, newline - base + 1, sink);
        start = newline - base + 1;
      }
      lineHasText = false;
      lineStart = newline + 1;
    }
    if (start < chunk.length()) {
      whole = false;
      held.appendBuffer(chunk, start, chunk.length() - start);
      if (held.length() > maxEventBytes) {
        oversized = true;
        sink.accept(Piece.RAW, held);
        held = Buffer.buffer();
      }
    }
    return whole;
  }

  private static boolean onlyCarriageReturns(byte[] array, int from, int to) {
    for (int i = from; i < to; i++) {
      if (array[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  /** What is still held when the stream ends (a last event without its blank line), or null. */
  Buffer rest() {
    if (held.length() == 0) {
      return null;
    }
    Buffer rest = held;
    held = Buffer.buffer();
    return rest;
  }

  private void emit(Buffer chunk, HeapBytes bytes, int from, int to, Sink sink) {
    if (held.length() == 0 && !oversized) {
      sink.event(chunk, bytes, from, to);
      return;
    }
    Buffer event;
    if (held.length() == 0) {
      event = chunk.slice(from, to);
    } else {
      event = held.appendBuffer(chunk, from, to - from);
      held = Buffer.buffer();
    }
    if (oversized) {
      oversized = false;
      sink.accept(Piece.RAW, event);
    } else {
      sink.accept(Piece.EVENT, event);
    }
  }
}
