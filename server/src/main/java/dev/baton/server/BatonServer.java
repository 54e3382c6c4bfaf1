package dev.baton.server;

import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.health.LiveState;
import dev.baton.server.http.FrontDoor;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.RuntimeBuilder;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.handoff.HandoffCounters;
import dev.baton.transfer.handoff.TwoLegExchange;
import dev.baton.transfer.relay.RelayCounters;
import dev.baton.transfer.relay.ResponseRelay;
import dev.baton.transfer.upstream.WorkerClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One running Baton: the runtime built from a configuration, the worker client and the front door.
 * Tests, {@code baton serve} and {@code baton demo} all start Baton through here.
 */
public final class BatonServer {
  private final RuntimeHolder runtime;
  private final WorkerClient client;
  private final RelayCounters relayCounters;
  private final HandoffCounters handoffCounters;
  private final FrontDoor frontDoor;
  private final LiveState liveState;

  private BatonServer(RuntimeHolder runtime, WorkerClient client, RelayCounters relayCounters,
      HandoffCounters handoffCounters, FrontDoor frontDoor, LiveState liveState) {
    this.runtime = runtime;
    this.client = client;
    this.relayCounters = relayCounters;
    this.handoffCounters = handoffCounters;
    this.frontDoor = frontDoor;
    this.liveState = liveState;
  }

  /**
   * Starts Baton with the scheduler its config describes (the router's default profiles when the
   * config has no {@code scheduling:} section).
   */
  public static Future<BatonServer> start(Vertx vertx, BatonConfig config) {
    return start(vertx, config, ProfileScheduler.create(config.scheduling(), SchedulerState.create()));
  }

  /**
   * Starts Baton with the given scheduler; completes once the front door listens and the health
   * probes and metric scrapes of every endpoint are running.
   */
  public static Future<BatonServer> start(Vertx vertx, BatonConfig config, Scheduler scheduler) {
    BatonRuntime initial = RuntimeBuilder.build(config, scheduler);
    RuntimeHolder holder = new RuntimeHolder(initial);
    WorkerClient client =
        new WorkerClient(vertx, config.timeouts().toUpstream(),
            config.server().maxConnectionsPerWorker());
    RelayCounters relayCounters = new RelayCounters();
    HandoffCounters handoffCounters = new HandoffCounters();
    SingleLegExchange single =
        new SingleLegExchange(client, new ResponseRelay(vertx, config.timeouts().idle(), relayCounters));
    TwoLegExchange twoLeg = new TwoLegExchange(single, handoffCounters);
    return LiveState.start(vertx, config.healthChecks(), config.metricsScrape(),
            initial.endpoints().toList())
        .compose(live -> FrontDoor.start(vertx, config.server(), holder, single, twoLeg)
            .map(door -> new BatonServer(holder, client, relayCounters, handoffCounters, door, live))
            .onFailure(err -> live.close()))
        .onFailure(err -> client.closeAsync());
  }

  /** The port the front door listens on (useful with port 0). */
  public int port() {
    return frontDoor.port();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The current runtime, swappable by a reload. */
  public RuntimeHolder runtime() {
    return runtime;
  }

  public RelayCounters relayCounters() {
    return relayCounters;
  }

  public HandoffCounters handoffCounters() {
    return handoffCounters;
  }

  /** Health probes and metric scrapes of the current endpoints. */
  public LiveState liveState() {
    return liveState;
  }

  public Future<Void> close() {
    return frontDoor.close().eventually(liveState::close).eventually(client::closeAsync);
  }
}
