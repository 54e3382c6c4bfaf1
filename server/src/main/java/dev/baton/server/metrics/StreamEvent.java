package dev.baton.server.metrics;

import io.vertx.core.buffer.Buffer;

/**
 * One event of an OpenAI stream as Baton counts it: how many choices in it carry generated output
 * (text, content, reasoning or tool calls), and the {@code usage} it reports if any. The chat
 * stream's role-only first event, a closing event with only a finish reason, and the usage event
 * ({@code choices: []}) carry no token.
 *
 * <p>Every relayed event is read, so it is read straight from its bytes by {@link EventScanner}:
 * no parser, no string, no JSON tree (only {@code usage}, once per answer, becomes one). An event
 * the scanner leaves alone is read by {@link JacksonEventReader}, which gives the same answer.
 *
 * @param kind what the event is
 * @param tokens choices with generated output in it (one token each, as vLLM sends a step's token
 *     per choice per event)
 * @param usage the event's {@code usage}, or {@link Usage#UNKNOWN}
 */
record StreamEvent(Kind kind, int tokens, Usage usage) {

  /** What an event is, for counting and for the client's stream. */
  enum Kind {
    /** A chunk with {@code choices}: tokens, a role, or a finish reason. */
    CHOICES,
    /** The closing usage chunk: {@code choices} empty, {@code usage} set. */
    USAGE_ONLY,
    /** Anything else: {@code [DONE]}, an error event, a comment, something not JSON. */
    OTHER
  }

  private static final StreamEvent OTHER_EVENT = new StreamEvent(Kind.OTHER, 0, Usage.UNKNOWN);
  /** The events of a stream with no usage, by tokens: most events are one of these. */
  private static final StreamEvent[] CHOICES_EVENTS = {
    new StreamEvent(Kind.CHOICES, 0, Usage.UNKNOWN), new StreamEvent(Kind.CHOICES, 1, Usage.UNKNOWN)
  };

  /** Reads one whole event (its {@code data:} lines joined, as SSE defines). */
  static StreamEvent of(Buffer event) {
    return of(event, new EventScanner());
  }

  /** Reads one whole event with a scanner kept for the stream (it holds nothing between events). */
  static StreamEvent of(Buffer event, EventScanner scanner) {
    return of(event, HeapBytes.of(event), 0, event.length(), scanner);
  }

  /**
   * Reads the whole event that is {@code chunk}'s bytes {@code [from, to)}, where they lie in
   * {@code bytes} (the chunk's array, looked up once per chunk).
   */
  static StreamEvent of(Buffer chunk, HeapBytes bytes, int from, int to, EventScanner scanner) {
    StreamEvent single =
        scanner.readSingleDataLine(bytes.array(), bytes.offset() + from, bytes.offset() + to);
    if (single != null) {
      return single;
    }
    SseData data = SseData.of(from == 0 && to == chunk.length() ? chunk : chunk.slice(from, to));
    if (data == null || !data.startsWith('{')) {
      return OTHER_EVENT;
    }
    StreamEvent read = scanner.read(data.bytes(), data.from(), data.to());
    return read != null ? read : JacksonEventReader.read(data);
  }

  /**
   * The event a top-level object makes, from what was read of its last {@code choices} and
   * {@code usage} fields.
   *
   * @param choices the elements of {@code choices}, or -1 when it is absent or not an array
   * @param tokens the elements with generated output
   * @param usage the last {@code usage}, or {@link Usage#UNKNOWN}
   */
  static StreamEvent counted(int choices, int tokens, Usage usage) {
    if (choices < 0) {
      return OTHER_EVENT;
    }
    if (choices == 0) {
      return new StreamEvent(usage.reported() ? Kind.USAGE_ONLY : Kind.OTHER, 0, usage);
    }
    return usage == Usage.UNKNOWN && tokens < CHOICES_EVENTS.length
        ? CHOICES_EVENTS[tokens] : new StreamEvent(Kind.CHOICES, tokens, usage);
  }
}
