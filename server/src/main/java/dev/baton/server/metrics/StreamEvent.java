package dev.baton.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * One event of an OpenAI stream as Baton counts it: how many choices in it carry generated output
 * (text, content, reasoning or tool calls), and the {@code usage} it reports if any. The chat
 * stream's role-only first event, a closing event with only a finish reason, and the usage event
 * ({@code choices: []}) carry no token.
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
  private static final StreamEvent OTHER_EVENT = new StreamEvent(Kind.OTHER, 0, Usage.UNKNOWN);

  /** Reads one whole event (its {@code data:} lines joined, as SSE defines). */
  static StreamEvent of(Buffer event) {
    String data = data(event.toString(java.nio.charset.StandardCharsets.UTF_8));
    if (data == null || data.isEmpty() || data.charAt(0) != '{') {
      return OTHER_EVENT;
    }
    JsonNode json;
    try {
      json = JSON.readTree(data);
    } catch (IOException e) {
      return OTHER_EVENT;
    }
    Usage usage = Usage.of(json.get("usage"));
    JsonNode choices = json.get("choices");
    if (choices == null || !choices.isArray()) {
      return OTHER_EVENT;
    }
    if (choices.isEmpty()) {
      return new StreamEvent(usage.reported() ? Kind.USAGE_ONLY : Kind.OTHER, 0, usage);
    }
    int tokens = 0;
    for (JsonNode choice : choices) {
      if (generated(choice)) {
        tokens++;
      }
    }
    return new StreamEvent(Kind.CHOICES, tokens, usage);
  }

  private static boolean generated(JsonNode choice) {
    if (nonEmpty(choice.get("text"))) {
      return true;
    }
    JsonNode delta = choice.get("delta");
    return delta != null && (nonEmpty(delta.get("content"))
        || nonEmpty(delta.get("reasoning_content")) || nonEmpty(delta.get("reasoning"))
        || (delta.get("tool_calls") instanceof JsonNode calls && calls.isArray() && !calls.isEmpty()));
  }

  private static boolean nonEmpty(JsonNode text) {
    return text != null && text.isTextual() && !text.asText().isEmpty();
  }

  /**
   * The payload of the event's {@code data:} lines, joined by newlines; null without any. Lines are
   * cut by hand: {@code String.split("\r?\n")} runs a regular expression, and per relayed event it
   * was a quarter of the proxy's CPU (a JFR profile under wrk).
   */
  private static String data(String event) {
    StringBuilder data = null;
    int start = 0;
    while (start < event.length()) {
      int newline = event.indexOf('\n', start);
      int end = newline < 0 ? event.length() : newline;
      int lineEnd = end > start && event.charAt(end - 1) == '\r' ? end - 1 : end;
      if (event.startsWith("data:", start)) {
        int from = start + 5;
        if (from < lineEnd && event.charAt(from) == ' ') {
          from++;
        }
        String value = event.substring(Math.min(from, lineEnd), lineEnd);
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
      start = end + 1;
    }
    return data == null ? null : data.toString();
  }
}
