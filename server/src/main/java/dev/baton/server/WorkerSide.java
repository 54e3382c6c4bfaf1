package dev.baton.server;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.metrics.BatonMetrics;
import dev.baton.transfer.breaker.EndpointBreakers;
import dev.baton.transfer.call.WorkerCalls;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.handoff.HandoffCounters;
import dev.baton.transfer.handoff.PrefillLookups;
import dev.baton.transfer.protocol.Exchanges;
import dev.baton.transfer.relay.RelayCounters;
import dev.baton.transfer.relay.ResponseRelay;
import dev.baton.transfer.retry.RetryBudgets;
import dev.baton.transfer.upstream.WorkerClient;
import io.vertx.core.Vertx;

/**
 * How a Baton calls its workers: the connection pools, the call stack (retries, breakers, relay)
 * and the exchanges built on it, with their counters exported. Timeouts, retries and breaker
 * settings come with each request's pool ({@code PoolRoute.workers}), so nothing here is rebuilt
 * on a reload.
 */
record WorkerSide(WorkerClient client, RelayCounters relayCounters, HandoffCounters handoffCounters,
    EndpointBreakers breakers, PrefillLookups prefillLookups, SingleLegExchange single,
    Exchanges exchanges) {

  static WorkerSide create(Vertx vertx, BatonConfig config, BatonMetrics metrics) {
    WorkerClient client = new WorkerClient(vertx, config.timeouts(),
        config.server().maxConnectionsPerWorker());
    RelayCounters relayCounters = new RelayCounters();
    HandoffCounters handoffCounters = new HandoffCounters();
    metrics.bindRelayCounters(relayCounters);
    metrics.bindHandoffCounters(handoffCounters);
    EndpointBreakers breakers = new EndpointBreakers();
    SingleLegExchange single = new SingleLegExchange(new WorkerCalls(client,
        new ResponseRelay(vertx, relayCounters), breakers, new RetryBudgets()));
    PrefillLookups prefillLookups = new PrefillLookups(vertx);
    return new WorkerSide(client, relayCounters, handoffCounters, breakers, prefillLookups, single,
        new Exchanges(single, handoffCounters, prefillLookups));
  }
}
