package dev.baton.server.scrape;

import dev.baton.router.endpoint.EndpointState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sends one GET to every endpoint of a changing set, once per interval: the mechanism under both the
 * health prober and the metrics scraper, which only say what a response means.
 *
 * <p>All polling runs on one Vert.x context, never blocking it. A round skips an endpoint whose
 * previous poll has not settled, so a slow worker never has two polls in flight. Each poll has an
 * absolute deadline covering connect, headers and body; on expiry the request is reset. Endpoints
 * that stay across {@link #update} keep their per-endpoint state; removed ones are no longer polled
 * and a poll of theirs still in flight reports nothing.
 *
 * @param <T> per-endpoint state of the handler (counters, a reusable parser...)
 */
public final class EndpointPoller<T> {

  /** What one kind of poll does with an endpoint and its answers. Called on the poller's context. */
  public interface Handler<T> {
    /** Per-endpoint state for an endpoint that starts being polled. */
    T attach(EndpointState endpoint);

    /**
     * Reads one response. The returned future settles the poll: failed means a failed poll. The
     * body must be consumed (read or {@link HttpClientResponse#end()}) so the connection is reused.
     */
    Future<?> read(T target, HttpClientResponse response);

    /** One poll ended, by its response, an error or the deadline; {@code failure} is null on success. */
    void completed(T target, Throwable failure);

    /** A round came while this endpoint's previous poll was still in flight. */
    default void skipped(T target) {}

    /** Adds what this endpoint's polls need besides the path (its pool's worker credentials). */
    default void decorate(T target, RequestOptions request) {}
  }

  /**
   * Where and how often to poll.
   *
   * @param path request path appended to each endpoint's base URL
   * @param accept the {@code Accept} header to send
   * @param interval time between rounds
   * @param timeout deadline of one poll, from sending to the end of the body
   */
  public record Schedule(String path, String accept, Duration interval, Duration timeout) {}

  private final Vertx vertx;
  private final Context context;
  private final HttpClient client;
  private final Handler<T> handler;
  // Written on the context only; a volatile snapshot so other threads may read targets().
  private volatile Map<String, Slot<T>> slots = Map.of();
  private Schedule schedule;
  private long timerId = -1;
  private boolean closed;

  /**
   * @param name names the HTTP client (for Vert.x metrics and logs)
   */
  public EndpointPoller(Vertx vertx, String name, Handler<T> handler) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.handler = handler;
    // One connection per endpoint is enough: polls of one endpoint never overlap.
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setName(name).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(1).setHttp2MaxSize(1));
  }

  /**
   * Starts polling {@code endpoints} with {@code schedule}, or moves to a new set and schedule. New
   * endpoints are polled at once; a changed interval restarts the round timer.
   */
  public Future<Void> update(Schedule schedule, Collection<EndpointState> endpoints) {
    return onContext(
        () -> {
          if (closed) {
            throw new IllegalStateException("poller closed");
          }
          Map<String, Slot<T>> old = slots;
          Map<String, Slot<T>> next = new LinkedHashMap<>();
          List<Slot<T>> added = new ArrayList<>();
          for (EndpointState state : endpoints) {
            Slot<T> slot = old.get(state.id());
            if (slot == null || slot.state != state) {
              slot = new Slot<>(state, handler.attach(state));
              added.add(slot);
            }
            next.put(state.id(), slot);
          }
          old.forEach(
              (id, slot) -> {
                if (next.get(id) != slot) {
                  slot.detached = true;
                }
              });
          slots = Map.copyOf(next);
          Schedule previous = this.schedule;
          this.schedule = schedule;
          if (previous == null || !previous.interval().equals(schedule.interval())) {
            vertx.cancelTimer(timerId);
            timerId = vertx.setPeriodic(schedule.interval().toMillis(), id -> round());
          }
          added.forEach(this::poll);
        });
  }

  /** Per-endpoint state by endpoint id, for counters and admin views. Safe from any thread. */
  public Map<String, T> targets() {
    Map<String, T> view = new HashMap<>();
    slots.forEach((id, slot) -> view.put(id, slot.target));
    return view;
  }

  /** Stops the rounds and closes the HTTP client; polls in flight are dropped. */
  public Future<Void> close() {
    return onContext(
            () -> {
              closed = true;
              vertx.cancelTimer(timerId);
              slots.values().forEach(slot -> slot.detached = true);
              slots = Map.of();
            })
        .eventually(client::close);
  }

  private void round() {
    slots.values().forEach(this::poll);
  }

  private void poll(Slot<T> slot) {
    if (slot.busy) {
      handler.skipped(slot.target);
      return;
    }
    slot.busy = true;
    Promise<Void> outcome = Promise.promise();
    outcome
        .future()
        .onComplete(
            ar -> {
              if (!slot.detached) {
                handler.completed(slot.target, ar.failed() ? ar.cause() : null);
              }
            });
    send(slot, outcome, schedule);
  }

  private void send(Slot<T> slot, Promise<Void> outcome, Schedule schedule) {
    long deadline = schedule.timeout().toMillis();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(slot.state.endpoint().baseUrl() + schedule.path())
            .setConnectTimeout(deadline)
            .putHeader(HttpHeaders.ACCEPT, schedule.accept());
    handler.decorate(slot.target, options);
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long timer =
        vertx.setTimer(
            deadline,
            id -> {
              TimeoutException late =
                  new TimeoutException("no complete answer within " + deadline + " ms");
              if (outcome.tryFail(late) && sent[0] != null) {
                sent[0].reset(0, late);
              }
            });
    Future<HttpClientRequest> connecting;
    try {
      connecting = client.request(options);
    } catch (RuntimeException closing) {
      // Only when Vert.x itself is closing under us: the client then throws instead of failing.
      connecting = Future.failedFuture(closing);
    }
    connecting
        .compose(
            request -> {
              if (outcome.future().isComplete()) {
                request.reset();
                return Future.failedFuture("deadline passed before sending");
              }
              sent[0] = request;
              return request.send();
            })
        .compose(response -> handler.read(slot.target, response))
        .onComplete(
            ar -> {
              // Busy until the request itself settles, not just the deadline, so a late body can
              // never interleave with the next poll's use of the same per-endpoint state.
              slot.busy = false;
              vertx.cancelTimer(timer);
              if (ar.succeeded()) {
                outcome.tryComplete();
              } else {
                outcome.tryFail(ar.cause());
              }
            });
  }

  private Future<Void> onContext(Runnable action) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            action.run();
            done.complete();
          } catch (RuntimeException e) {
            done.fail(e);
          }
        });
    return done.future();
  }

  /** One polled endpoint. Fields are touched on the poller's context only. */
  private static final class Slot<T> {
    final EndpointState state;
    final T target;
    boolean busy;
    volatile boolean detached;

    Slot(EndpointState state, T target) {
      this.state = state;
      this.target = target;
    }
  }
}
