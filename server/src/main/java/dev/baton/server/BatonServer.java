package dev.baton.server;

import dev.baton.router.scheduling.LeastInFlightScheduler;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.server.config.BatonConfig;
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

  private BatonServer(RuntimeHolder runtime, WorkerClient client, RelayCounters relayCounters,
      HandoffCounters handoffCounters, FrontDoor frontDoor) {
    this.runtime = runtime;
    this.client = client;
    this.relayCounters = relayCounters;
    this.handoffCounters = handoffCounters;
    this.frontDoor = frontDoor;
  }

  /** Starts Baton with the least-in-flight scheduler. */
  public static Future<BatonServer> start(Vertx vertx, BatonConfig config) {
    return start(vertx, config, new LeastInFlightScheduler());
  }

  /** Starts Baton; completes once the front door listens. */
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
    return FrontDoor.start(vertx, config.server(), holder, single, twoLeg)
        .map(door -> new BatonServer(holder, client, relayCounters, handoffCounters, door))
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

  public Future<Void> close() {
    return frontDoor.close().eventually(client::closeAsync);
  }
}
