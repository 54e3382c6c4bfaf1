package dev.baton.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.bench.client.ErrorKind;
import dev.baton.bench.client.ExchangeObserver;
import dev.baton.bench.client.ExchangeResult;
import dev.baton.bench.client.RequestBodies;
import dev.baton.bench.client.SloHeaders;
import dev.baton.bench.client.StreamingExchange;
import dev.baton.bench.client.Target;
import dev.baton.bench.load.Arrivals;
import dev.baton.bench.load.PoissonArrivals;
import dev.baton.bench.sse.ChunkScanner;
import dev.baton.bench.stats.BenchStats;
import dev.baton.bench.workload.Workload;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running benchmark: sends requests open-loop (Poisson arrivals scheduled from one lane) or
 * closed-loop (each slot sends its next request when the previous one ends), spreads them over a
 * few event-loop lanes, stops sending at the request or time limit, waits for what is in flight
 * (bounded by the per-request timeout) and then completes {@link #summary()}.
 */
public final class BenchRun {

  private static final System.Logger LOG = System.getLogger(BenchRun.class.getName());

  /** How long past the request timeout the drain may take before the run ends regardless. */
  private static final long DRAIN_GRACE_MILLIS = 5_000;

  /** Closed loop: how long a slot waits after a connect failure before its next request. */
  private static final long CONNECT_BACKOFF_MILLIS = 100;

  private final Vertx vertx;
  private final BenchOptions options;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Target target;
  private final HttpClientAgent client;
  private final Workload workload;
  /** Open loop: when requests are due; null for Poisson arrivals at the options' rate. */
  private final Arrivals schedule;
  private final ChunkScanner scanner;
  private final BenchStats stats;
  private final List<Context> lanes = new ArrayList<>();
  private final Promise<BenchSummary> result = Promise.promise();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final SendBudget budget;
  private final RunWindow window = new RunWindow();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean stopCalled = new AtomicBoolean();
  private final AtomicInteger laneCursor = new AtomicInteger();
  private volatile boolean stopping;
  private volatile RequestSender sender;
  private volatile String model;
  private volatile long tickTimer = -1;
  private volatile long drainWatchdog = -1;

  BenchRun(Vertx vertx, BenchOptions options, Workload workload, Arrivals schedule) {
    this.vertx = vertx;
    this.options = options;
    this.stats = new BenchStats(SloHeaders.ttftObjectiveMs(options.headers()));
    this.target = Target.parse(options.url());
    this.client = HttpClients.create(vertx, options);
    this.workload = workload;
    this.schedule = schedule;
    this.scanner = new ChunkScanner(options.endpoint().contentKey());
    this.budget = new SendBudget(options.requests());
    for (int i = 0; i < options.lanes(); i++) {
      // Each new event-loop context lands on the next event loop, so lanes spread the parsing.
      lanes.add(((VertxInternal) vertx).createEventLoopContext());
    }
  }

  /** Completes with the summary once the run has ended; fails if it could not start. */
  public Future<BenchSummary> summary() {
    return result.future();
  }

  /** Stops sending new requests; those in flight finish (or time out) and then the run ends. */
  public void stop() {
    if (stopCalled.compareAndSet(false, true)) {
      armDrainWatchdog();
    }
    stopping = true;
    maybeFinish();
  }

  /** A snapshot for progress lines; callable from any thread. */
  public BenchProgress progress() {
    long now = System.nanoTime();
    return new BenchProgress(
        window.elapsedSeconds(now),
        window.phase(now, finished.get(), stopping),
        budget.totalSent(),
        inFlight.get(),
        stats.ok(),
        stats.errors(),
        stats.outputTokens());
  }

  void start() {
    // On a lane, not the caller's thread: composing the client's futures from a foreign thread
    // was seen to leave the /v1/models answer unread now and then, hanging the run.
    lanes
        .get(0)
        .runOnContext(
            v ->
                ModelDiscovery.resolve(client, target, options, mapper)
                    .onSuccess(this::begin)
                    .onFailure(
                        failure -> client.close().onComplete(closed -> result.tryFail(failure))));
  }

  private void begin(String resolvedModel) {
    model = resolvedModel;
    RequestBodies bodies =
        new RequestBodies(mapper, options.endpoint(), resolvedModel, options.ignoreEos());
    sender = new RequestSender(vertx, client, target, options, bodies, scanner, mapper,
        workload.wantsAnswers());
    window.begin(options.warmup(), options.duration());
    if (options.openLoop()) {
      Arrivals arrivals = schedule != null ? schedule
          : new PoissonArrivals(options.qps(), options.seed() * 31 + 7);
      lanes.get(0).runOnContext(v -> tick(arrivals));
    } else {
      SlotStart.inBatches(vertx, lanes, options.concurrency(), () -> stopping,
          lane -> trySend(lane, System.nanoTime()));
    }
  }

  /** Open loop: sends every arrival that is due, then sleeps until the next one. */
  private void tick(Arrivals arrivals) {
    tickTimer = -1;
    if (window.pastDeadline(System.nanoTime())) {
      stop();
      return;
    }
    long startNanos = window.startNanos();
    long now = System.nanoTime() - startNanos;
    while (!stopping && arrivals.peekNanos() <= now) {
      long due = startNanos + arrivals.takeNanos();
      Context lane = lanes.get(Math.floorMod(laneCursor.getAndIncrement(), lanes.size()));
      if (!trySend(lane, due)) {
        return;
      }
    }
    if (stopping || arrivals.peekNanos() == Arrivals.NONE) {
      stop();
      return;
    }
    // Wake up for the next arrival, or at the deadline if that comes first (slow rates).
    long wakeNanos = Math.min(arrivals.peekNanos(), window.deadlineOffsetNanos());
    long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(wakeNanos - now));
    tickTimer = vertx.setTimer(waitMillis, id -> tick(arrivals));
  }

  /**
   * Sends the next request on {@code lane} unless the run is stopping.
   *
   * @param dueNanos when the request should leave (its arrival time in open loop); how late it
   *     actually leaves is recorded as send lag
   */
  private boolean trySend(Context lane, long dueNanos) {
    // Count the request as in flight before looking at the stop flag: a run that is finishing
    // either sees this request or this request sees the flag, never neither.
    inFlight.incrementAndGet();
    boolean sent = false;
    try {
      sent = sendReserved(lane, dueNanos);
      return sent;
    } finally {
      if (!sent && inFlight.decrementAndGet() == 0) {
        maybeFinish();
      }
    }
  }

  private boolean sendReserved(Context lane, long dueNanos) {
    if (stopping) {
      return false;
    }
    long now = System.nanoTime();
    if (window.pastDeadline(now)) {
      stop();
      return false;
    }
    SendBudget.Slot slot = budget.take(window.measuring(now));
    if (slot == SendBudget.Slot.EXHAUSTED) {
      stop();
      return false;
    }
    boolean measured = slot != SendBudget.Slot.WARMUP;
    StreamingExchange exchange = sender.exchange(workload.next(), observer(lane, measured));
    Runnable launch =
        () -> {
          if (measured) {
            stats.recordSendLag(System.nanoTime() - dueNanos);
          }
          exchange.start();
        };
    if (Vertx.currentContext() == lane) {
      launch.run();
    } else {
      lane.runOnContext(v -> launch.run());
    }
    if (slot == SendBudget.Slot.LAST) {
      stop();
    }
    return true;
  }

  private ExchangeObserver observer(Context lane, boolean measured) {
    return new RecordingObserver(stats, workload, measured,
        options.openLoop() ? result -> {} : result -> sendSuccessor(lane, result),
        () -> {
          if (inFlight.decrementAndGet() == 0) {
            maybeFinish();
          }
        });
  }

  /** Closed loop: the slot that just finished sends its next request. */
  private void sendSuccessor(Context lane, ExchangeResult previous) {
    if (previous.error() == ErrorKind.CONNECT) {
      // A server that refuses connections would otherwise make the slot spin at full CPU.
      vertx.setTimer(CONNECT_BACKOFF_MILLIS, id -> trySend(lane, System.nanoTime()));
    } else {
      // Sent before the finished request leaves in-flight, so the count never dips to zero
      // mid-run.
      trySend(lane, System.nanoTime());
    }
  }

  /**
   * Every request ends within its own timeout, so draining takes at most one request timeout. Should
   * a request ever fail to report its end (a bug, a broken class path), the run still ends shortly
   * after that bound rather than hang: it is a load generator's promise to stop by itself.
   */
  private void armDrainWatchdog() {
    long bound = options.requestTimeout().toMillis() + DRAIN_GRACE_MILLIS;
    drainWatchdog = vertx.setTimer(
        bound,
        id -> {
          int stuck = inFlight.get();
          if (stuck > 0 && !finished.get()) {
            LOG.log(System.Logger.Level.WARNING,
                "bench: {0} request(s) never reported an end; finishing without them", stuck);
            finish();
          }
        });
  }

  private void maybeFinish() {
    if (stopping && inFlight.get() == 0) {
      finish();
    }
  }

  private void finish() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    window.end();
    for (long timer : new long[] {tickTimer, drainWatchdog}) {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
    }
    client
        .close()
        .onComplete(
            closed -> {
              try {
                result.tryComplete(summarize());
              } catch (RuntimeException e) {
                result.tryFail(e);
              }
            });
  }

  private BenchSummary summarize() {
    return BenchSummary.of(options, model, stats, budget.warmupSent(), window.measuredSeconds());
  }
}
