package dev.baton.server.admission;

import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;

/**
 * Why a request was not admitted: the queue was full, or its wait ran out. Sent as 429 with
 * {@code Retry-After} in whole seconds, in the shape OpenAI uses for rate limits.
 */
public final class AdmissionRejected extends RuntimeException {
  private final Duration retryAfter;

  public AdmissionRejected(String message, Duration retryAfter) {
    super(message, null, false, false);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** Sends the 429. */
  public void send(HttpServerResponse response) {
    send(response, getMessage(), retryAfter, "server_overloaded");
  }

  /** Sends a 429 with {@code Retry-After} (at least one second) for any throttling reason. */
  public static void send(HttpServerResponse response, String message, Duration retryAfter,
      String code) {
    if (response.headWritten() || response.closed()) {
      return;
    }
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    response.putHeader("retry-after", Long.toString(seconds));
    new OpenAiError(429, message, "rate_limit_exceeded", null, code).send(response);
  }
}
