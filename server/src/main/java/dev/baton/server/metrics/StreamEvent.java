package dev.baton.server.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * One event of an OpenAI stream as Baton counts it: how many choices in it carry generated output
 * (text, content, reasoning or tool calls), and the {@code usage} it reports if any. The chat
 * stream's role-only first event, a closing event with only a finish reason, and the usage event
 * ({@code choices: []}) carry no token.
 *
 * <p>Every relayed event is read, so it is read as a token stream straight from its bytes: no
 * string of the event, no JSON tree (only {@code usage}, once per answer, becomes one). Reading
 * each event into a tree was half of the proxy's allocation and a sixth of its CPU under wrk.
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory TOKENS = JSON.getFactory();
  private static final StreamEvent OTHER_EVENT = new StreamEvent(Kind.OTHER, 0, Usage.UNKNOWN);
  /** The events of a stream with no usage, by tokens: most events are one of these. */
  private static final StreamEvent[] CHOICES_EVENTS = {
    new StreamEvent(Kind.CHOICES, 0, Usage.UNKNOWN), new StreamEvent(Kind.CHOICES, 1, Usage.UNKNOWN)
  };

  /** Reads one whole event (its {@code data:} lines joined, as SSE defines). */
  static StreamEvent of(Buffer event) {
    SseData data = SseData.of(event);
    if (data == null || !data.startsWith('{')) {
      return OTHER_EVENT;
    }
    try (JsonParser json = TOKENS.createParser(data.bytes(), data.from(), data.length())) {
      return read(json);
    } catch (IOException e) {
      return OTHER_EVENT;
    }
  }

  /** Reads the top-level object; a repeated field counts as its last occurrence, as in a tree. */
  private static StreamEvent read(JsonParser json) throws IOException {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      return OTHER_EVENT;
    }
    Usage usage = Usage.UNKNOWN;
    int choices = -1; // -1: no choices array
    int tokens = 0;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken value = json.nextToken();
      if ("usage".equals(name)) {
        usage = value == JsonToken.START_OBJECT ? Usage.of(JSON.readTree(json)) : skip(json);
      } else if ("choices".equals(name) && value == JsonToken.START_ARRAY) {
        choices = 0;
        tokens = 0;
        while (json.nextToken() != JsonToken.END_ARRAY) {
          choices++;
          if (generated(json)) {
            tokens++;
          }
        }
      } else {
        if ("choices".equals(name)) {
          choices = -1;
        }
        json.skipChildren();
      }
    }
    if (choices < 0) {
      return OTHER_EVENT;
    }
    if (choices == 0) {
      return new StreamEvent(usage.reported() ? Kind.USAGE_ONLY : Kind.OTHER, 0, usage);
    }
    return usage == Usage.UNKNOWN && tokens < CHOICES_EVENTS.length
        ? CHOICES_EVENTS[tokens] : new StreamEvent(Kind.CHOICES, tokens, usage);
  }

  private static Usage skip(JsonParser json) throws IOException {
    json.skipChildren();
    return Usage.UNKNOWN;
  }

  /** Reads one element of {@code choices}: does it carry text, content, reasoning or tool calls? */
  private static boolean generated(JsonParser json) throws IOException {
    if (json.currentToken() != JsonToken.START_OBJECT) {
      json.skipChildren();
      return false;
    }
    boolean text = false;
    boolean delta = false;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken value = json.nextToken();
      if ("text".equals(name)) {
        text = nonEmpty(json, value);
      } else if ("delta".equals(name)) {
        delta = value == JsonToken.START_OBJECT ? delta(json) : skipped(json);
      } else {
        json.skipChildren();
      }
    }
    return text || delta;
  }

  private static boolean delta(JsonParser json) throws IOException {
    boolean content = false;
    boolean reasoningContent = false;
    boolean reasoning = false;
    boolean toolCalls = false;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken value = json.nextToken();
      switch (name) {
        case "content" -> content = nonEmpty(json, value);
        case "reasoning_content" -> reasoningContent = nonEmpty(json, value);
        case "reasoning" -> reasoning = nonEmpty(json, value);
        case "tool_calls" -> toolCalls = value == JsonToken.START_ARRAY ? nonEmptyArray(json) : skipped(json);
        default -> json.skipChildren();
      }
    }
    return content || reasoningContent || reasoning || toolCalls;
  }

  /** At an array's start: reads it to its end, true when it had an element. */
  private static boolean nonEmptyArray(JsonParser json) throws IOException {
    boolean any = false;
    while (json.nextToken() != JsonToken.END_ARRAY) {
      any = true;
      json.skipChildren();
    }
    return any;
  }

  private static boolean skipped(JsonParser json) throws IOException {
    json.skipChildren();
    return false;
  }

  /** A non-empty string; any other value is skipped (the parser is left at its end). */
  private static boolean nonEmpty(JsonParser json, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      return skipped(json);
    }
    return json.getTextLength() > 0;
  }
}
