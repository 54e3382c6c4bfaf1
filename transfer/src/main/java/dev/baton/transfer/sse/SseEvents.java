package dev.baton.transfer.sse;

import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.buffer.Buffer;

/** The server-sent events Baton itself writes into an OpenAI stream. */
public final class SseEvents {

  public static final String CONTENT_TYPE = "text/event-stream";
  private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

  private SseEvents() {}

  /** A {@code data:} event for one JSON payload. */
  public static Buffer data(String json) {
    return Buffer.buffer("data: ").appendString(json).appendString("\n\n");
  }

  /** The error event vLLM sends when a stream fails after its 200 status went out. */
  public static Buffer error(OpenAiError error) {
    return data(error.toJson().toString());
  }

  public static Buffer done() {
    return DONE.copy();
  }

  /** Whether a {@code Content-Type} (null when none) is an event stream's, in any case. */
  public static boolean isEventStream(String contentType) {
    return contentType != null
        && contentType.regionMatches(true, 0, CONTENT_TYPE, 0, CONTENT_TYPE.length());
  }
}
