package dev.baton.sim.api;

import dev.baton.sim.Flavor;
import dev.baton.sim.handoff.Handoff;
import dev.baton.sim.sglang.Bootstrap;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * One leg of an SGLang disaggregated request on this worker. A prefill runs the prompt for one
 * token and keeps each sequence's KV in its bootstrap room; a decode takes every room's KV from the
 * prefill's bootstrap server (waiting there until the prefill filled it), then decodes. A decode
 * whose rooms never fill fails the request, as SGLang's decode aborts a request whose KV transfer
 * failed.
 */
final class SglangLeg {

  private final ApiServices services;
  private final Exchange exchange;
  private final HttpServerResponse response;

  SglangLeg(ApiServices services, Exchange exchange, HttpServerResponse response) {
    this.services = services;
    this.exchange = exchange;
    this.response = response;
  }

  void run(Bootstrap bootstrap) {
    if (services.flavor() == Flavor.SGLANG_PREFILL) {
      exchange.holdUnder(bootstrap.rooms().stream().map(Bootstrap::heldKey).toList());
      exchange.start(0);
      return;
    }
    List<Future<Handoff.Pulled>> pulls = bootstrap.rooms().stream()
        .map(room -> services.handoff().pullRoom(bootstrap.host(), bootstrap.port(), room)).toList();
    Future.all(pulls).onComplete(ar -> {
      if (ar.failed()) {
        services.counters().aborted.incrementAndGet();
        GenerateHandler.fail(response, new ApiError(500,
            "KV transfer from the prefill failed: " + ar.cause().getMessage(), null));
        return;
      }
      services.counters().kvTransfersIn.incrementAndGet();
      exchange.start(pulls.get(0).result().tokens());
    });
  }
}
