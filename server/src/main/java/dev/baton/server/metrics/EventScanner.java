package dev.baton.server.metrics;

import java.util.Arrays;

/**
 * Reads a relayed event's JSON in one pass over its bytes, for what {@link StreamEvent} counts.
 * Jackson's tokenizer over every event was the largest single item of the relay's CPU (23% of the
 * event loops' samples under wrk: a parser, its buffers and a string per field name, 33 times per
 * answer); this scanner allocates nothing per event: it matches field names where they lie
 * ({@link MemberNames}), skips every value it does not need with a {@link JsonCursor}, and starts
 * after the head an event shares with the stream's last one ({@link EventHead}); a token event
 * that is the last token event with another string in it is not read again at all
 * ({@link TokenEventShape}).
 *
 * <p>It takes strict JSON only and gives up (null) on anything the cursor does not take or on an
 * escaped field name where names matter. The caller then reads that event with
 * {@link JacksonEventReader}, so every event gets Jackson's answer: the scanner only has to be
 * exact on what it takes. Like Jackson's token stream it stops at the end of the top-level object,
 * and a repeated field counts as its last occurrence.
 *
 * <p>One per stream, used on its event loop; it holds an event only while reading it, and a copy
 * of the last event's head between events.
 */
final class EventScanner {

  private static final byte[] DATA = JsonCursor.ascii("data:");
  /** The top level's names: only the first two count; vLLM's others are there to skip their scan. */
  private static final MemberNames TOP =
      new MemberNames("choices", "usage", "id", "object", "created", "model", "system_fingerprint");
  private static final int CHOICES = 0;
  private static final int USAGE = 1;
  /** A choice's names: {@code text} and {@code delta} count. */
  private static final MemberNames CHOICE =
      new MemberNames("index", "delta", "text", "logprobs", "finish_reason", "stop_reason");
  private static final int DELTA = 1;
  private static final int TEXT = 2;
  /** A delta's names: all but {@code role} count. */
  private static final MemberNames DELTA_NAMES =
      new MemberNames("content", "role", "reasoning_content", "reasoning", "tool_calls");
  private static final int CONTENT = 0;
  private static final int REASONING_CONTENT = 2;
  private static final int REASONING = 3;
  private static final int TOOL_CALLS = 4;

  private final JsonCursor json = new JsonCursor();
  private final EventHead head = new EventHead();
  private final TokenEventShape shape = new TokenEventShape();
  /** How many non-empty strings {@link #nonEmptyString} read in this event; the last one's quotes. */
  private int strings;
  private int stringOpen;
  private int stringClose;

  /**
   * Reads the JSON object in {@code bytes[from, to)}, whose first byte is its opening brace.
   *
   * @return the event, or null when Jackson must read it
   */
  StreamEvent read(byte[] bytes, int from, int to) {
    StreamEvent known = shape.match(json, bytes, from, to);
    if (known != null) {
      json.clear();
      return known;
    }
    json.reset(bytes, from, to);
    strings = 0;
    try {
      return event(from, to);
    } catch (JsonCursor.GiveUp e) {
      return null;
    } finally {
      json.clear();
    }
  }

  /**
   * Reads a whole SSE event in {@code bytes[from, to)} when it is one {@code data:} line holding a
   * JSON object and nothing else but its line ends, as vLLM and SGLang send every event: the
   * payload is read where it lies, without looking for the event's lines first.
   *
   * @return the event, or null when it has another shape or the JSON needs Jackson: then it is
   *     read as {@link SseData} defines it
   */
  StreamEvent readSingleDataLine(byte[] bytes, int from, int to) {
    int brace = from + DATA.length;
    if (brace < to && bytes[brace] == ' ') {
      brace++;
    }
    if (brace >= to || bytes[brace] != '{'
        || !Arrays.equals(bytes, from, from + DATA.length, DATA, 0, DATA.length)) {
      return null;
    }
    StreamEvent event = read(bytes, brace, to);
    if (event == null || json.sawLineBreak()) {
      return null; // a line break inside the object would end the data line there
    }
    // Only line ends may follow: then the data line is the object (and CRs Jackson never reads).
    for (int i = json.position(); i < to; i++) {
      if (bytes[i] != '\n' && bytes[i] != '\r') {
        return null;
      }
    }
    return event;
  }

  /** How many bytes of the last event's head are kept, to skip in the next event (tests look). */
  int headBytes() {
    return head.length();
  }

  private StreamEvent event(int from, int to) {
    int resume = head.resume(json.bytes(), from, to);
    if (resume >= 0) {
      json.seek(resume); // past the members the last event opened with too: nothing counted yet
    } else {
      json.open(1);
      if (json.closes('}')) {
        return StreamEvent.counted(-1, 0, Usage.UNKNOWN);
      }
    }
    int choices = -1; // -1: no choices array
    int tokens = 0;
    int usageFrom = -1; // where the last usage object starts, -1 if the last usage is none
    int usageTo = -1;
    int headEnd = -1; // the last member boundary before anything counted
    do {
      if (choices < 0 && usageFrom < 0 && !json.sawLineBreak()) {
        headEnd = json.position();
      }
      int name = json.member(TOP);
      int value = json.position();
      if (name == USAGE) {
        usageFrom = json.peek() == '{' ? value : -1;
        json.skipValue(2);
        usageTo = json.position();
      } else if (name == CHOICES && json.peek() == '[') {
        choices = 0;
        tokens = 0;
        json.open(2);
        if (!json.closes(']')) {
          do {
            choices++;
            if (generated()) {
              tokens++;
            }
          } while (json.more(']'));
        }
      } else {
        if (name == CHOICES) {
          choices = -1;
        }
        json.skipValue(2);
      }
    } while (json.more('}'));
    if (headEnd > Math.max(resume, from + 1)) {
      head.remember(json.bytes(), from, headEnd);
    }
    if (usageFrom < 0 || choices < 0) {
      StreamEvent event = StreamEvent.counted(choices, tokens, Usage.UNKNOWN);
      if (strings == 1 && tokens > 0 && !json.sawLineBreak()) {
        shape.remember(json.bytes(), from, stringOpen, stringClose, json.position(), event);
      }
      return event;
    }
    // Once per answer (the closing usage chunk): a tree is fine, and it reads counts as Usage does.
    Usage usage = JacksonEventReader.usage(json.bytes(), usageFrom, usageTo);
    return usage == null ? null : StreamEvent.counted(choices, tokens, usage);
  }

  /** One element of {@code choices}: does it carry text, content, reasoning or tool calls? */
  private boolean generated() {
    if (json.peek() != '{') {
      json.skipValue(3);
      return false;
    }
    json.open(3);
    boolean text = false;
    boolean delta = false;
    if (!json.closes('}')) {
      do {
        int name = json.member(CHOICE);
        if (name == TEXT) {
          text = nonEmptyString(4);
        } else if (name == DELTA) {
          delta = json.peek() == '{' ? delta() : skipped(4);
        } else {
          json.skipValue(4);
        }
      } while (json.more('}'));
    }
    return text || delta;
  }

  private boolean delta() {
    json.open(4);
    boolean content = false;
    boolean reasoningContent = false;
    boolean reasoning = false;
    boolean toolCalls = false;
    if (!json.closes('}')) {
      do {
        int name = json.member(DELTA_NAMES);
        if (name == CONTENT) {
          content = nonEmptyString(5);
        } else if (name == REASONING_CONTENT) {
          reasoningContent = nonEmptyString(5);
        } else if (name == REASONING) {
          reasoning = nonEmptyString(5);
        } else if (name == TOOL_CALLS) {
          toolCalls = json.peek() == '[' ? nonEmptyArray(5) : skipped(5);
        } else {
          json.skipValue(5);
        }
      } while (json.more('}'));
    }
    return content || reasoningContent || reasoning || toolCalls;
  }

  /** A non-empty string; any other value is skipped. */
  private boolean nonEmptyString(int depth) {
    if (json.peek() != '"') {
      return skipped(depth);
    }
    int open = json.position();
    if (!json.nonEmptyString()) {
      return false;
    }
    strings++;
    stringOpen = open;
    stringClose = json.position() - 1;
    return true;
  }

  /** At an array: moves past it; true when it has an element. */
  private boolean nonEmptyArray(int depth) {
    json.open(depth);
    if (json.closes(']')) {
      return false;
    }
    do {
      json.skipValue(depth + 1);
    } while (json.more(']'));
    return true;
  }

  private boolean skipped(int depth) {
    json.skipValue(depth);
    return false;
  }
}
