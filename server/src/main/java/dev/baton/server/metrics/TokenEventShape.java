package dev.baton.server.metrics;

import java.util.Arrays;

/**
 * The bytes of the last token event an {@link EventScanner} read whole, around the one non-empty
 * string that made it count (a chat delta's {@code content}, a completion's {@code text}). A vLLM
 * or SGLang stream's token events are that same object with another string there, so the next
 * event that has the same bytes before the string and after it is read as the last one was: its
 * string is checked (it must be valid and non-empty), the rest compared, no member is matched and
 * no value skipped. After {@link EventHead}, that was most of a token event's reading.
 *
 * <p>That is exact because the scanner reads an object's bytes in order, depending on those bytes
 * alone: before the string it stands where it stood in the last event; a valid non-empty string
 * leaves it in the same state, whatever its characters; after the same bytes it ends where the last
 * event ended, with the same count. Only events with no line break (whitespace in the object) and
 * no usage are kept, so the event returned is the whole answer.
 */
final class TokenEventShape {

  /** More bytes around the string are not kept: comparing costs more than reading (vLLM's: ~170). */
  private static final int MAX_BYTES = 1024;

  /** The kept event's bytes: {@link #before} up to its string's opening quote, then the rest. */
  private byte[] bytes = new byte[0];
  /** From the opening brace through the string's opening quote. */
  private int before;
  /** From the string's closing quote through the closing brace. */
  private int after;
  /** What the kept event read as; null when none is kept. */
  private StreamEvent event;

  /**
   * Keeps the event {@code bytes[from, end)} (from its opening brace to past its closing one)
   * whose one non-empty string is quoted by {@code open} and {@code close}, and what it read as.
   */
  void remember(byte[] source, int from, int open, int close, int end, StreamEvent read) {
    int head = open + 1 - from;
    int tail = end - close;
    if (head + tail > MAX_BYTES) {
      event = null;
      return;
    }
    if (bytes.length < head + tail) {
      bytes = new byte[head + tail]; // a stream's token events all keep the same length
    }
    System.arraycopy(source, from, bytes, 0, head);
    System.arraycopy(source, close, bytes, head, tail);
    before = head;
    after = tail;
    event = read;
  }

  /**
   * The event {@code bytes[from, to)} (from its opening brace) reads as, when it is the kept one
   * with another valid non-empty string: then {@code json} stands past its closing brace. Null
   * when it is not (the caller reads it whole, from {@code from}).
   */
  StreamEvent match(JsonCursor json, byte[] source, int from, int to) {
    StreamEvent kept = event;
    int n = before;
    if (kept == null || to - from < n + after + 1
        || !Arrays.equals(source, from, from + n, bytes, 0, n)) {
      return null;
    }
    json.reset(source, from + n - 1, to);
    try {
      if (!json.nonEmptyString()) {
        return null;
      }
    } catch (JsonCursor.GiveUp e) {
      return null;
    }
    int close = json.position() - 1;
    if (close + after > to
        || !Arrays.equals(source, close, close + after, bytes, n, n + after)) {
      return null;
    }
    json.moveTo(close + after);
    return kept;
  }
}
