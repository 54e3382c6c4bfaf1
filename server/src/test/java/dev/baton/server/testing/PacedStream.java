package dev.baton.server.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/** A worker's SSE answer in test workers: {@code count} events {@code everyMs} apart, then [DONE]. */
public final class PacedStream {
  private PacedStream() {}

  /** Writes the event-stream head at once, then {@code data: <event>} every {@code everyMs}. */
  public static void send(Vertx vertx, HttpServerResponse response, String event, int count,
      long everyMs) {
    send(vertx, response, event, count, everyMs, count, Future.succeededFuture());
  }

  /**
   * As {@link #send(Vertx, HttpServerResponse, String, int, long)}, but once {@code heldAt} events
   * are written the stream waits for {@code gate} before pacing out the rest: a test that needs its
   * streams still running at some step ties them to that step instead of to the machine's speed.
   */
  public static void send(Vertx vertx, HttpServerResponse response, String event, int count,
      long everyMs, int heldAt, Future<?> gate) {
    response.setChunked(true).putHeader("content-type", "text/event-stream").writeHead();
    int[] sent = {0};
    vertx.setPeriodic(everyMs, id -> {
      if (sent[0] == heldAt && !gate.isComplete()) {
        return;
      }
      if (sent[0]++ < count) {
        response.write("data: " + event + "\n\n");
      } else {
        vertx.cancelTimer(id);
        response.end("data: [DONE]\n\n");
      }
    });
  }
}
