package dev.baton.server.shutdown;

import dev.baton.server.config.ShutdownConfig;
import dev.baton.server.http.FrontDoor;
import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Leaving without cutting streams (the {@code shutdown} section): readiness fails at once, the front
 * door keeps serving for {@code drainDelay} while load balancers notice, then stops accepting and
 * lets what is in flight finish for up to {@code timeout}; whatever still runs then is ended
 * properly (a stream gets an error event and {@code [DONE]}). Only timers: no event loop waits.
 */
public final class GracefulShutdown {

  /** What a stream still running at the deadline receives as its last event. */
  static final OpenAiError SHUTTING_DOWN =
      new OpenAiError(503, "Baton is shutting down; retry the request", "service_unavailable", null,
          "shutting_down");

  /**
   * Vert.x's own deadline for the connections comes this much after ours, so the error events of
   * interrupted streams are written before it closes what remains.
   */
  private static final Duration FLUSH_GRACE = Duration.ofSeconds(2);

  private GracefulShutdown() {}

  /** Drains {@code door}; completes once its connections are gone (the caller closes the rest). */
  public static Future<Void> run(Vertx vertx, ShutdownConfig config, FrontDoor door) {
    door.drain();
    Promise<Void> done = Promise.promise();
    vertx.setTimer(atLeastOneMs(config.drainDelay()), id -> {
      Future<Void> closed = door.shutdown(config.timeout().plus(FLUSH_GRACE));
      long deadline = vertx.setTimer(atLeastOneMs(config.timeout()),
          t -> door.inFlight().interruptAll(SHUTTING_DOWN));
      closed.onComplete(ar -> {
        vertx.cancelTimer(deadline);
        done.complete();
      });
    });
    return done.future();
  }

  private static long atLeastOneMs(Duration d) {
    return Math.max(1, d.toMillis());
  }
}
