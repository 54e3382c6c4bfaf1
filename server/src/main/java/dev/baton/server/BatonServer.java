package dev.baton.server;

import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.admin.AdminServer;
import dev.baton.server.auth.ApiKeys;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.listener.ListenerGuard;
import dev.baton.server.health.LiveState;
import dev.baton.server.models.ModelCatalog;
import dev.baton.server.http.FrontDoor;
import dev.baton.server.http.Guards;
import dev.baton.server.kvevents.KvEventCounters;
import dev.baton.server.kvevents.KvEventMetrics;
import dev.baton.server.kvevents.KvEventSubscriptions;
import dev.baton.server.kvevents.PrefixView;
import dev.baton.server.metrics.BatonMetrics;
import dev.baton.server.metrics.RequestObserver;
import dev.baton.server.reload.ConfigSource;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.server.runtime.RuntimeUpdater;
import dev.baton.server.runtime.WorkerCapacity;
import dev.baton.server.slo.SloRouting;
import dev.baton.server.tokenize.PromptTokens;
import dev.baton.server.tracing.Tracing;
import dev.baton.server.shutdown.GracefulShutdown;
import dev.baton.transfer.breaker.EndpointBreakers;
import dev.baton.transfer.handoff.HandoffCounters;
import dev.baton.transfer.relay.RelayCounters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One running Baton: the runtime built from a configuration, the worker client, the front door and
 * the admin server, with metrics, access log and (when started from a file) hot reload wired in.
 * Tests, {@code baton serve} and {@code baton demo} all start Baton through here.
 */
public final class BatonServer {
  private final Vertx vertx;
  private final RuntimeHolder runtime;
  private final WorkerSide workers;
  private final BatonMetrics metrics;
  private final RuntimeUpdater updater;
  private final FileReload reload;
  private FrontDoor frontDoor;
  private AdminServer admin;
  /** What start() opened besides the listeners, closed after them. */
  private final CloseSteps parts;
  private Future<Void> closed;

  private BatonServer(Vertx vertx, RuntimeHolder runtime, WorkerSide workers, BatonMetrics metrics,
      RuntimeUpdater updater, FileReload reload, CloseSteps parts) {
    this.vertx = vertx;
    this.runtime = runtime;
    this.workers = workers;
    this.metrics = metrics;
    this.updater = updater;
    this.reload = reload;
    this.parts = parts;
  }

  /**
   * Starts Baton with the scheduler its config describes (the router's default profiles when the
   * config has no {@code scheduling:} section). No hot reload: there is no file to reload from.
   */
  public static Future<BatonServer> start(Vertx vertx, BatonConfig config) {
    SchedulerState state = SchedulerState.create();
    return start(vertx, config, sc -> ProfileScheduler.create(sc, state), state, null,
        Tracing.fromEnvironment());
  }

  /**
   * Starts Baton as {@link #start(Vertx, BatonConfig)} does, its request spans going to {@code
   * tracing} rather than to what the {@code OTEL_*} environment configures.
   */
  public static Future<BatonServer> start(Vertx vertx, BatonConfig config, Tracing tracing) {
    SchedulerState state = SchedulerState.create();
    return start(vertx, config, sc -> ProfileScheduler.create(sc, state), state, null, tracing);
  }

  /**
   * Starts Baton from a configuration file with hot reload: {@code POST /admin/reload} re-reads
   * {@code source}, and {@link #watch(Duration)} reloads on every change of the file. Every reload
   * builds its scheduler over the same {@link SchedulerState}, so prefix and session state survive.
   *
   * @param config the configuration already loaded from {@code source}
   */
  public static Future<BatonServer> start(Vertx vertx, BatonConfig config, ConfigSource source) {
    SchedulerState state = SchedulerState.create();
    return start(vertx, config, sc -> ProfileScheduler.create(sc, state), state, source,
        Tracing.fromEnvironment());
  }

  /**
   * Starts Baton with the given scheduler; completes once the front door and the admin server listen
   * and the health probes and metric scrapes of every endpoint are running.
   */
  public static Future<BatonServer> start(Vertx vertx, BatonConfig config, Scheduler scheduler) {
    return start(vertx, config, sc -> scheduler, null, null, Tracing.fromEnvironment());
  }

  private static Future<BatonServer> start(Vertx vertx, BatonConfig config,
      Function<SchedulingConfig, Scheduler> schedulers, SchedulerState state, ConfigSource source,
      Tracing tracing) {
    // Requests and metrics read the holder; it stays empty until the updater installs the first
    // runtime, once every pool's endpoint source is ready.
    RuntimeHolder holder = new RuntimeHolder(new BatonRuntime(config, List.of(), Map.of(), null));
    BatonMetrics metrics = BatonMetrics.create(holder::get);
    if (state != null) {
      metrics.bindPrefixIndex(state::currentPrefixIndex);
    }
    WorkerSide workers = WorkerSide.create(vertx, config, metrics);
    // Client keys, limits and admission follow reloads (Guards.reconfigure), without losing the
    // queued requests or the rate buckets.
    AtomicReference<ApiKeys> keys = new AtomicReference<>(ApiKeys.of(config.auth()));
    Guards built = Guards.of(vertx, config.auth(), config.limits(), config.admission());
    Guards guards = new Guards(built.auth().withKeys(keys::get), built.limits(), built.gate());
    metrics.bindAdmissionQueue(guards.gate().admission()::queued);
    WorkerCapacity capacity = new WorkerCapacity();
    guards.gate().admission().poolCapacity(capacity);
    // Access lines go to the baton.access logger; operators silence it there (docs/observability.md).
    AccessLog accessLog = AccessLog.toLogger();
    metrics.bindAccessLogDrops(accessLog::dropped);
    RequestObserver observer = new RequestObserver(metrics, accessLog, tracing, config.trace());
    metrics.bindTraceDrops(observer.traceSink()::dropped);
    PromptTokens tokens = new PromptTokens(vertx);
    SloRouting slo = SloRouting.of(state, metrics, config);
    KvEventSubscriptions kvEvents = state == null ? null
        : new KvEventSubscriptions(state.tokenBlocks(), new KvEventCounters());
    KvEventMetrics kvMetrics = kvEvents == null ? null : KvEventMetrics.bind(metrics.registry(),
        kvEvents.counters(), state.tokenBlocks(), tokens);
    ModelCatalog catalog = new ModelCatalog(vertx);
    RuntimeUpdater updater = new RuntimeUpdater(vertx, holder,
        sc -> metrics.timed(schedulers.apply(sc)),
        new RuntimeFollowers(holder, capacity, guards.gate().admission(), workers.breakers(),
            workers.prefillLookups(), catalog, tokens, state, kvEvents, kvMetrics),
        metrics).learnRanks(workers.prefillLookups());
    CloseSteps parts = new CloseSteps()
        .then(updater::close)
        .then(catalog::close)
        .thenRun(() -> Optional.ofNullable(kvEvents).ifPresent(KvEventSubscriptions::close))
        .thenRun(tokens::close)
        // Spans of the last requests are flushed before the process goes.
        .thenRun(tracing::close)
        .then(workers.client()::closeAsync)
        // The access log's and trace's last lines are written by their threads: waiting blocks.
        .then(() -> vertx.executeBlocking(() -> {
          observer.close();
          return null;
        }));
    // The front door opens once the pools' local tokenizers are loaded (or failed to), so the
    // first requests are matched precisely.
    return updater.start(config)
        .compose(initial -> tokens.ready().map(initial))
        .compose(initial -> {
          FileReload reload = FileReload.of(vertx, source, holder, updater, metrics, next -> {
            ApiKeys nextKeys = ApiKeys.of(next.auth());
            return () -> {
              keys.set(nextKeys);
              guards.reconfigure(next.limits(), next.admission());
              slo.configure(next);
            };
          });
          BatonServer baton =
              new BatonServer(vertx, holder, workers, metrics, updater, reload, parts);
          return FrontDoor.start(vertx, config.server(), holder, workers.single(),
                  workers.exchanges(), observer, guards, tokens, catalog, slo)
              .compose(door -> {
                baton.frontDoor = door;
                return AdminServer.start(vertx, config.admin(),
                    ListenerGuard.create(config.server()), holder::get, updater::sourceStatus,
                    route -> kvEvents == null ? PrefixView.APPROXIMATE_ONLY
                        : kvEvents.viewOf(route),
                    metrics, reload.adminAction());
              })
              .map(adminServer -> {
                baton.admin = adminServer;
                return baton;
              })
              .onFailure(err -> baton.close());
        })
        .onFailure(err -> parts.run());
  }

  /**
   * Reloads whenever the configuration file's content changes, checking every {@code interval}.
   * Needs a server started from a {@link ConfigSource}; completes once the watcher runs.
   */
  public Future<Void> watch(Duration interval) {
    return reload.watch(interval);
  }

  /** Reloads the configuration file now; fails when started without one. */
  public Future<BatonRuntime> reload() {
    return reload.reload();
  }

  /** The port the front door listens on (useful with port 0). */
  public int port() {
    return frontDoor.port();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** What the front door's clients hold now: connections and HTTP/2 streams. */
  public ListenerGuard frontDoorGuard() {
    return frontDoor.guard();
  }

  /** The port the admin server listens on ({@code /metrics}, {@code /admin/*}, the dashboard). */
  public int adminPort() {
    return admin.port();
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + adminPort();
  }

  /** The current runtime, swappable by a reload. */
  public RuntimeHolder runtime() {
    return runtime;
  }

  public BatonMetrics metrics() {
    return metrics;
  }

  /** The circuit breakers of the current endpoints (those of endpoints that left are dropped). */
  public EndpointBreakers breakers() {
    return workers.breakers();
  }

  public RelayCounters relayCounters() {
    return workers.relayCounters();
  }

  public HandoffCounters handoffCounters() {
    return workers.handoffCounters();
  }

  /** Health probes and metric scrapes of the current endpoints. */
  public LiveState liveState() {
    return updater.liveState();
  }

  /**
   * Leaves gracefully, as on SIGTERM ({@link GracefulShutdown}, the {@code shutdown} section read
   * now), then closes everything as {@link #close()} does.
   */
  public Future<Void> shutdown() {
    return (frontDoor == null ? Future.<Void>succeededFuture()
        : GracefulShutdown.run(vertx, runtime.get().config().shutdown(), frontDoor))
        .eventually(this::close);
  }

  /** Closes everything at once (streams in flight are cut); once, however often it is called. */
  public synchronized Future<Void> close() {
    if (closed == null) {
      closed = closeAll();
    }
    return closed;
  }

  private Future<Void> closeAll() {
    reload.close();
    Future<Void> door = frontDoor == null ? Future.succeededFuture() : frontDoor.close();
    return door
        .eventually(() -> admin == null ? Future.succeededFuture() : admin.close())
        .eventually(parts::run);
  }
}
