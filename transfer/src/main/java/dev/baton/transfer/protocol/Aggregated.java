package dev.baton.transfer.protocol;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.Phase;
import dev.baton.transfer.call.Failover;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.RelayOutcome;
import dev.baton.transfer.upstream.UpstreamRequest;
import io.vertx.core.Future;

/**
 * One worker serves the whole request: the client's bytes go to the decode endpoint untouched and
 * its answer is relayed. Aggregated plans run it, and so do split requests falling back after a
 * prefill that gave nothing usable.
 */
final class Aggregated {
  private final SingleLegExchange single;

  Aggregated(SingleLegExchange single) {
    this.single = single;
  }

  Future<RelayOutcome> run(Downstream down, ExchangeRequest request, EndpointState decode) {
    down.listener().onDecodeStart();
    return single.forward(down, decode,
        UpstreamRequest.post(request.kind().path(), request.headers(), request.clientBytes()),
        request.scheduling().tokenFootprint(), decodeFailover(request), () -> {}, request.workers());
  }

  /** Another decode endpoint, for a decode leg whose worker failed. */
  static Failover decodeFailover(ExchangeRequest request) {
    return tried -> request.scheduler().pick(Phase.DECODE, request.scheduling(), request.pool(), tried);
  }
}
