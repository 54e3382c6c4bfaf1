package dev.baton.server.metrics;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;

/**
 * The payload of one server-sent event: its {@code data:} lines (one optional space after the
 * colon removed) joined by newlines, as SSE defines, as a range of bytes. An event with one data
 * line, which is every event vLLM and SGLang send, is read in place: no copy, no string.
 *
 * @param bytes holds the payload (the event's own array: never written through)
 * @param from where it starts in {@code bytes}
 * @param to where it ends (exclusive)
 */
record SseData(byte[] bytes, int from, int to) {

  private static final byte[] FIELD = {'d', 'a', 't', 'a', ':'};

  /** The event's data; null when it has no {@code data:} line. Lines end with LF or CRLF. */
  static SseData of(Buffer event) {
    HeapBytes heap = HeapBytes.of(event);
    byte[] bytes = heap.array();
    int limit = heap.offset() + heap.length();
    SseData first = null;
    ByteArrayOutputStream joined = null;
    int start = heap.offset();
    while (start < limit) {
      int end = indexOf(bytes, (byte) '\n', start, limit);
      int lineEnd = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
      if (isDataLine(bytes, start, lineEnd)) {
        int from = start + FIELD.length;
        if (from < lineEnd && bytes[from] == ' ') {
          from++;
        }
        if (first == null) {
          first = new SseData(bytes, from, lineEnd);
        } else {
          if (joined == null) {
            joined = new ByteArrayOutputStream(heap.length());
            joined.write(bytes, first.from, first.length());
          }
          joined.write('\n');
          joined.write(bytes, from, lineEnd - from);
        }
      }
      start = end + 1;
    }
    if (joined != null) {
      return new SseData(joined.toByteArray(), 0, joined.size());
    }
    return first;
  }

  int length() {
    return to - from;
  }

  /** True when the payload's first byte is {@code b}. */
  boolean startsWith(char b) {
    return to > from && bytes[from] == b;
  }

  private static boolean isDataLine(byte[] bytes, int start, int lineEnd) {
    if (lineEnd - start < FIELD.length) {
      return false;
    }
    for (int i = 0; i < FIELD.length; i++) {
      if (bytes[start + i] != FIELD[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte b, int from, int limit) {
    for (int i = from; i < limit; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return limit;
  }
}
