package dev.baton.server.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads an event's JSON with Jackson's token stream: the reference for what an event counts, used
 * for the events {@link EventScanner} leaves alone (anything outside plain, strict JSON) and for
 * {@code usage}, which becomes a tree once per answer. Both readers must agree on every event; the
 * tests hold them to it.
 */
final class JacksonEventReader {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory TOKENS = JSON.getFactory();

  private JacksonEventReader() {}

  /** Reads the payload of one event, which starts with a brace. */
  static StreamEvent read(SseData data) {
    try (JsonParser json = TOKENS.createParser(data.bytes(), data.from(), data.length())) {
      return read(json);
    } catch (IOException e) {
      return StreamEvent.counted(-1, 0, Usage.UNKNOWN);
    }
  }

  /** The counts of the {@code usage} object held in {@code bytes[from, to)}; null if not JSON. */
  static Usage usage(byte[] bytes, int from, int to) {
    try {
      return Usage.of(JSON.readTree(bytes, from, to - from));
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads the top-level object; a repeated field counts as its last occurrence, as in a tree. */
  private static StreamEvent read(JsonParser json) throws IOException {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      return StreamEvent.counted(-1, 0, Usage.UNKNOWN);
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
    return StreamEvent.counted(choices, tokens, usage);
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
