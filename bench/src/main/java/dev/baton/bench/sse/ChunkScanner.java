package dev.baton.bench.sse;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Classifies an OpenAI streaming event by looking at its bytes, so the hot path never parses JSON:
 * a content chunk is one whose {@code content} (chat) or {@code text} (completions) string is
 * non-empty; a usage chunk carries a {@code usage} object; an error event starts with
 * {@code {"error"} (older vLLM sent a bare {@code {"object": "error", ...}}, also recognized). Only usage and error events are worth a real JSON parse, and there is at most
 * one of each per stream.
 */
public final class ChunkScanner {

  /** The payload is {@code [DONE]}. */
  public static final int DONE = 1;
  /** The payload is an error object ({@code {"error": ...}}). */
  public static final int ERROR = 1 << 1;
  /** The payload carries a non-empty content (or text) string: at least one output token. */
  public static final int CONTENT = 1 << 2;
  /** The payload carries a {@code usage} object (not {@code null}). */
  public static final int USAGE = 1 << 3;

  private static final byte[] DATA = bytes("data:");
  private static final byte[] DONE_MARK = bytes("[DONE]");
  private static final byte[] ERROR_KEY = bytes("\"error\"");
  private static final byte[] USAGE_KEY = bytes("\"usage\"");
  private static final byte[] OBJECT_KEY = bytes("\"object\"");
  private static final byte[] ERROR_VALUE = bytes("\"error\"");

  private final byte[] contentKey;

  /**
   * @param contentKey the JSON key holding generated text: {@code content} for chat, {@code text}
   *     for completions
   */
  public ChunkScanner(String contentKey) {
    this.contentKey = bytes("\"" + contentKey + "\"");
  }

  /**
   * Where the data payload of an SSE line starts, or -1 when the line is not a {@code data:} field
   * (comments, {@code event:}, {@code id:} and blank lines).
   */
  public static int dataStart(Buffer line, int start, int end) {
    if (!regionMatches(line, start, end, DATA)) {
      return -1;
    }
    int at = start + DATA.length;
    // The SSE format strips exactly one leading space.
    return at < end && line.getByte(at) == ' ' ? at + 1 : at;
  }

  /** Classifies the payload {@code buffer[start, end)}: a bit set of the constants above. */
  public int classify(Buffer buffer, int start, int end) {
    int first = skipSpaces(buffer, start, end);
    if (regionMatches(buffer, first, end, DONE_MARK)) {
      return DONE;
    }
    if (first < end && buffer.getByte(first) == '{') {
      int key = skipSpaces(buffer, first + 1, end);
      if (regionMatches(buffer, key, end, ERROR_KEY)) {
        return ERROR;
      }
      if (regionMatches(buffer, key, end, OBJECT_KEY)) {
        int value = valueStart(buffer, key + OBJECT_KEY.length, end);
        if (value >= 0 && regionMatches(buffer, value, end, ERROR_VALUE)) {
          return ERROR;
        }
      }
    }
    int flags = 0;
    if (valueStartsWith(buffer, first, end, contentKey, '"', true)) {
      flags |= CONTENT;
    }
    if (valueStartsWith(buffer, first, end, USAGE_KEY, '{', false)) {
      flags |= USAGE;
    }
    return flags;
  }

  /**
   * Whether some occurrence of {@code key} is followed by a colon and a value starting with
   * {@code open}; when {@code nonEmptyString}, the string value must also be non-empty.
   */
  private static boolean valueStartsWith(
      Buffer buffer, int start, int end, byte[] key, char open, boolean nonEmptyString) {
    int from = start;
    while (true) {
      int at = indexOf(buffer, from, end, key);
      if (at < 0) {
        return false;
      }
      int i = valueStart(buffer, at + key.length, end);
      if (i >= 0 && i < end && buffer.getByte(i) == open) {
        return !nonEmptyString || (i + 1 < end && buffer.getByte(i + 1) != '"');
      }
      from = at + key.length;
    }
  }

  /** Where the value after a key ending at {@code afterKey} starts, or -1 when no colon follows. */
  private static int valueStart(Buffer buffer, int afterKey, int end) {
    int i = skipSpaces(buffer, afterKey, end);
    if (i >= end || buffer.getByte(i) != ':') {
      return -1;
    }
    return skipSpaces(buffer, i + 1, end);
  }

  static int indexOf(Buffer buffer, int start, int end, byte[] needle) {
    int last = end - needle.length;
    for (int i = start; i <= last; i++) {
      if (buffer.getByte(i) == needle[0] && regionMatches(buffer, i, end, needle)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean regionMatches(Buffer buffer, int start, int end, byte[] expected) {
    if (end - start < expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (buffer.getByte(start + i) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpaces(Buffer buffer, int start, int end) {
    int i = start;
    while (i < end) {
      byte b = buffer.getByte(i);
      if (b != ' ' && b != '\t') {
        break;
      }
      i++;
    }
    return i;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
