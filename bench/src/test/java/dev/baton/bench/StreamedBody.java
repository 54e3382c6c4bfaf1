package dev.baton.bench;

import io.vertx.core.http.HttpClientResponse;
import java.util.concurrent.CompletableFuture;

/**
 * A streamed HTTP answer as a test reads it: its first chunk, everything so far, and its end. Call
 * {@link #listen} on the event loop as the answer arrives (e.g. in the response future's
 * {@code onSuccess}), so that no chunk goes unheard.
 */
public final class StreamedBody {
  private final StringBuilder text = new StringBuilder();
  private final CompletableFuture<String> first = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  public void listen(HttpClientResponse answer) {
    answer.handler(chunk -> {
      synchronized (text) {
        text.append(chunk);
        first.complete(text.toString());
      }
    }).endHandler(v -> ended.complete(null));
  }

  /** Completes with the text of the first chunk. */
  public CompletableFuture<String> first() {
    return first;
  }

  /** Completes when the answer has ended. */
  public CompletableFuture<Void> ended() {
    return ended;
  }

  public String text() {
    synchronized (text) {
      return text.toString();
    }
  }
}
