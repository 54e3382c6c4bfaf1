package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

  /**
   * Asserts that the first chunk is {@code expected} while the worker still holds the rest of its
   * answer (the answer has not ended: nothing was buffered whole), then lets the worker finish
   * ({@code release}) and waits for the end.
   */
  public void assertFirstChunkBeforeEnd(String expected, Promise<Void> release, Duration wait)
      throws Exception {
    assertThat(first.get(wait.toSeconds(), TimeUnit.SECONDS)).isEqualTo(expected);
    assertThat(ended).isNotDone();
    release.complete();
    ended.get(wait.toSeconds(), TimeUnit.SECONDS);
  }

  public String text() {
    synchronized (text) {
      return text.toString();
    }
  }
}
