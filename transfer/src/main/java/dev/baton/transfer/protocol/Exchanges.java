package dev.baton.transfer.protocol;

import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.handoff.ConcurrentDialect;
import dev.baton.transfer.handoff.HandoffCounters;
import dev.baton.transfer.handoff.PrefillLookups;
import dev.baton.transfer.handoff.SequentialDialect;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.RelayOutcome;
import io.vertx.core.Future;

/**
 * The one call that executes an inference request's plan. The protocol is decided here, once: an
 * aggregated plan goes to one worker; a split plan runs the protocol its pool's dialect implements,
 * {@link Sequential} or {@link Concurrent}; a split plan whose dialect cannot split degrades to one
 * worker.
 */
public final class Exchanges {
  private final Aggregated aggregated;
  private final Sequential sequential;
  private final Concurrent concurrent;

  /**
   * @param lookups what concurrent dialects ask prefill workers before a pair goes, cached per
   *     endpoint; the owner drops endpoints that leave ({@link PrefillLookups#retainOnly})
   */
  public Exchanges(SingleLegExchange single, HandoffCounters counters, PrefillLookups lookups) {
    this.aggregated = new Aggregated(single);
    this.sequential = new Sequential(single, aggregated, counters);
    this.concurrent = new Concurrent(single.calls(), aggregated, counters, lookups);
  }

  /** Runs the plan; never fails: the client always gets an answer or was gone. */
  public Future<RelayOutcome> execute(Downstream down, ExchangeRequest request, RoutingPlan plan) {
    if (!plan.disaggregated()) {
      return aggregated.run(down, request, plan.decode());
    }
    return switch (request.dialect()) {
      case SequentialDialect dialect -> sequential.run(down, request, plan, dialect);
      case ConcurrentDialect dialect -> concurrent.run(down, request, plan, dialect);
      default -> aggregated.run(down, request, plan.decode());
    };
  }
}
