package dev.baton.transfer.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Optional;

/**
 * A worker's error answer as the client gets it. An OpenAI-shaped body ({@code {"error":{"message",
 * ...}}}) passes as it is: vLLM's validation messages are what the client needs. vLLM's older flat
 * shape ({@code {"object":"error","message",...}}) is rewrapped with its message. Anything else (an
 * HTML page, a proxy's text, FastAPI's {@code {"detail":...}}, a stack trace) is replaced by a
 * generic error with the same status, so no internals reach the client.
 */
public final class WorkerErrorBodies {
  /** Error bodies are short; a longer one is not read further and counts as unusable. */
  public static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private WorkerErrorBodies() {}

  /** The error to send instead of {@code body}, or empty when the body is fine as it is. */
  public static Optional<OpenAiError> replacement(int status, Buffer body) {
    JsonNode json = parse(body);
    JsonNode nested = json == null ? null : json.get("error");
    if (nested != null && nested.isObject() && nested.path("message").isTextual()) {
      return Optional.empty();
    }
    if (json != null && "error".equals(json.path("object").asText())
        && json.path("message").isTextual()) {
      return Optional.of(new OpenAiError(status, json.get("message").asText(),
          json.path("type").isTextual() ? json.get("type").asText() : typeOf(status),
          json.path("param").isTextual() ? json.get("param").asText() : null, null));
    }
    return Optional.of(generic(status));
  }

  /** The error a client gets for a worker answer of {@code status} whose body cannot be shown. */
  public static OpenAiError generic(int status) {
    String message = switch (status) {
      case 400, 422 -> "The worker rejected the request";
      case 401, 403 -> "The worker refused the request";
      case 404, 405 -> "The worker does not serve this request";
      case 413 -> "The request is too large for the worker";
      case 429 -> "The worker is overloaded; retry later";
      default -> status >= 500 ? "The worker failed to answer" : "The worker refused the request";
    };
    return new OpenAiError(status, message, typeOf(status), null, null);
  }

  private static String typeOf(int status) {
    return status >= 500 ? "upstream_error" : "invalid_request_error";
  }

  private static JsonNode parse(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      JsonNode json = JSON.readTree(body.getBytes());
      return json != null && json.isObject() ? json : null;
    } catch (IOException e) {
      return null;
    }
  }
}
