package dev.baton.server.limits;

import dev.baton.transfer.error.OpenAiError;
import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The per-request checks of {@link LimitsConfig}, each answering with the OpenAI-shaped error a
 * client gets, or empty when the request is within limits.
 */
public final class RequestLimits {
  private final LimitsConfig config;
  private final JsonBodies json;

  public RequestLimits(LimitsConfig config) {
    this.config = config;
    this.json = new JsonBodies(config.maxJsonDepth());
  }

  public LimitsConfig config() {
    return config;
  }

  /** Header count and total size (431); run before the body is read. */
  public Optional<OpenAiError> headers(HttpServerRequest request) {
    MultiMap headers = request.headers();
    if (headers.size() > config.maxHeaders()) {
      return Optional.of(new OpenAiError(431, "Too many request headers (limit "
          + config.maxHeaders() + ")", "invalid_request_error", null, "too_many_headers"));
    }
    long bytes = request.uri().length() + 16L;
    if (headers instanceof HttpHeaders http1) {
      // HTTP/1.x: the decoded names and values measured as they are, no String made for each.
      Iterator<Map.Entry<CharSequence, CharSequence>> entries = http1.iteratorCharSequence();
      while (entries.hasNext()) {
        Map.Entry<CharSequence, CharSequence> h = entries.next();
        bytes += h.getKey().length() + h.getValue().length() + 4L;
      }
    } else {
      for (Map.Entry<String, String> h : headers) {
        bytes += h.getKey().length() + h.getValue().length() + 4L;
      }
    }
    if (bytes > config.maxHeaderBytes()) {
      return Optional.of(new OpenAiError(431, "Request headers exceed " + config.maxHeaderBytes()
          + " bytes", "invalid_request_error", null, "headers_too_large"));
    }
    return Optional.empty();
  }

  /** The reader of JSON bodies, which refuses nesting deeper than the limit as it parses. */
  public JsonBodies json() {
    return json;
  }

  /** Prompt length in characters and estimated tokens, and the completion limit (400). */
  public Optional<OpenAiError> prompt(int promptChars, long promptTokens, long maxTokens) {
    if (promptChars > config.maxPromptChars() || promptTokens > config.maxPromptTokens()) {
      return Optional.of(new OpenAiError(400, "The prompt is too long (" + promptChars
          + " characters, about " + promptTokens + " tokens; limits " + config.maxPromptChars()
          + " characters, " + config.maxPromptTokens() + " tokens)", "invalid_request_error",
          "messages", "context_length_exceeded"));
    }
    if (maxTokens > config.maxTokens()) {
      return Optional.of(new OpenAiError(400, "`max_tokens` must be at most " + config.maxTokens(),
          "invalid_request_error", "max_tokens", "invalid_value"));
    }
    return Optional.empty();
  }

  /**
   * A batch: {@code n} (or {@code best_of}) per prompt at most {@code maxN}, and every completion of
   * every prompt together within {@code maxTokens}, so a list of 10,000 prompts costs what it
   * asks for (400).
   */
  public Optional<OpenAiError> batch(int perPrompt, int prompts, long completionTokens) {
    if (perPrompt > config.maxN()) {
      return Optional.of(new OpenAiError(400, "`n` and `best_of` must be at most " + config.maxN(),
          "invalid_request_error", "n", "invalid_value"));
    }
    if (completionTokens > config.maxTokens()) {
      return Optional.of(new OpenAiError(400, "The request asks for up to " + completionTokens
          + " tokens (" + prompts + " prompts x " + perPrompt + " completions x `max_tokens`); the"
          + " limit is " + config.maxTokens(), "invalid_request_error", "max_tokens",
          "invalid_value"));
    }
    return Optional.empty();
  }
}
