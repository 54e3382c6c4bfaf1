package dev.baton.server.epp;

import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.admin.AdminServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.http.EventLoopServers;
import dev.baton.server.http.Guards;
import dev.baton.server.listener.ListenerGuard;
import dev.baton.server.metrics.BatonMetrics;
import dev.baton.server.metrics.RequestObserver;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.server.runtime.RuntimeUpdater;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;

/**
 * One running picker: the runtime built from the configuration (pools from their endpoint sources,
 * health probes, metric scrapes, the scheduler), admission, the gRPC port Envoy calls and the admin
 * server ({@code /metrics}, {@code /admin/*}). No front door: the gateway carries the requests.
 */
public final class EppServer {
  private final RuntimeHolder runtime;
  private final RuntimeUpdater updater;
  private final BatonMetrics metrics;
  private EventLoopServers grpc;
  private AdminServer admin;

  private EppServer(RuntimeHolder runtime, RuntimeUpdater updater, BatonMetrics metrics) {
    this.runtime = runtime;
    this.updater = updater;
    this.metrics = metrics;
  }

  /** Completes once the gRPC port and the admin server listen and the pools are built. */
  public static Future<EppServer> start(Vertx vertx, BatonConfig config, EppOptions options) {
    RuntimeHolder holder = new RuntimeHolder(new BatonRuntime(config, List.of(), Map.of(), null));
    BatonMetrics metrics = BatonMetrics.create(holder::get);
    SchedulerState state = SchedulerState.create();
    metrics.bindPrefixIndex(state::currentPrefixIndex);
    Guards guards = Guards.of(vertx, config.auth(), config.limits(), config.admission());
    metrics.bindAdmissionQueue(guards.gate().admission()::queued);
    RequestObserver observer = new RequestObserver(metrics, AccessLog.toLogger());
    RuntimeUpdater updater = new RuntimeUpdater(vertx, holder,
        sc -> metrics.timed(ProfileScheduler.create(sc, state)),
        // Each data-parallel rank's prefix state is kept under its own key, not the endpoint id.
        ids -> state.retainCandidates(holder.get().endpoints().toList()), metrics);
    EppServer epp = new EppServer(holder, updater, metrics);
    RuntimePicker picker = new RuntimePicker(holder, guards.gate(), observer, options.fallbacks());
    return updater.start(config)
        .compose(initial -> ExtProcServer.listen(vertx, options.host(), options.port(), picker,
            options.streams(), () -> holder.get().ready()))
        .compose(servers -> {
          epp.grpc = servers;
          return AdminServer.start(vertx, config.admin(), ListenerGuard.create(config.server()),
              holder::get, updater::sourceStatus, metrics, null);
        })
        .map(adminServer -> {
          epp.admin = adminServer;
          return epp;
        })
        .onFailure(err -> epp.close());
  }

  /** The gRPC port (ext_proc and health). */
  public int port() {
    return grpc.port();
  }

  public int adminPort() {
    return admin.port();
  }

  public RuntimeHolder runtime() {
    return runtime;
  }

  public BatonMetrics metrics() {
    return metrics;
  }

  /** Stops listening and closes the endpoint sources, probes and scrapes. */
  public Future<Void> close() {
    Future<Void> servers = grpc == null ? Future.succeededFuture() : grpc.close();
    return servers
        .eventually(() -> admin == null ? Future.succeededFuture() : admin.close())
        .eventually(updater::close);
  }
}
