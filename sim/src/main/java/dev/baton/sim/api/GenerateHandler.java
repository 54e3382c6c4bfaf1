package dev.baton.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.sim.Flavor;
import dev.baton.sim.SimConfig;
import dev.baton.sim.fault.Fault;
import dev.baton.sim.sglang.Bootstrap;
import dev.baton.sim.fault.FaultDice;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /v1/completions} and {@code POST /v1/chat/completions}: validate, apply any injected
 * fault, pull remote KV when the request carries a prefill's handle, then run the choices through
 * the engine.
 */
public final class GenerateHandler {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final System.Logger LOG = System.getLogger(GenerateHandler.class.getName());

  private final RankChooser ranks;
  private final RequestParser parser;
  private final FaultDice dice;
  private final boolean chat;

  /** A handler for a worker whose data-parallel ranks {@code ranks} chooses among. */
  public GenerateHandler(RankChooser ranks, SimConfig config, FaultDice dice, boolean chat) {
    this.ranks = ranks;
    this.parser = new RequestParser(config);
    this.dice = dice;
    this.chat = chat;
  }

  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    ApiServices services;
    try {
      services = ranks.choose(ctx.request().getHeader(RankChooser.HEADER));
    } catch (ApiError e) {
      fail(response, e);
      return;
    }
    services.counters().received.incrementAndGet();
    String base = ctx.request().getHeader("X-Request-Id");
    if (base == null || base.isBlank()) {
      base = UUID.randomUUID().toString().replace("-", "");
    }
    response.putHeader("X-Request-Id", base);
    String p2pSelf = services.config().host() + ":" + services.handoff().sideChannelPort();
    java.util.regex.Matcher p2p = P2pNcclLeg.naming(base, p2pSelf);
    GenerateRequest request;
    Fault fault;
    Optional<Bootstrap> bootstrap;
    try {
      String header = ctx.request().getHeader("X-Sim-Fault");
      fault = header == null ? dice.roll() : Fault.parse(header);
      JsonNode json = readJson(ctx);
      request = parser.parse(json, chat);
      bootstrap = services.flavor().sglang() ? Bootstrap.of(json) : Optional.empty();
      if (bootstrap.isPresent() && services.flavor() == Flavor.SGLANG_PREFILL) {
        request = request.asHeldPrefill();
      }
      if (p2p != null && p2pSelf.equals(p2p.group(1) + ":" + p2p.group(2))) {
        request = request.asHeldPrefill();
      }
    } catch (ApiError e) {
      fail(response, e);
      return;
    } catch (IllegalArgumentException e) {
      fail(response, ApiError.badRequest(e.getMessage()));
      return;
    }
    switch (fault.kind()) {
      case ERROR -> {
        fail(response, new ApiError((int) fault.value(), "Injected fault: error " + fault.value(), null));
        return;
      }
      case HANG -> {
        // Say nothing, ever; the client's timeout (or its going away) ends it.
        response.closeHandler(v -> services.counters().aborted.incrementAndGet());
        return;
      }
      default -> {}
    }
    long dropAfter = fault.kind() == Fault.Kind.DROP ? fault.value() : -1;
    long slowNanos = fault.kind() == Fault.Kind.SLOW ? fault.value() * 1_000_000 : 0;
    String id = (chat ? "chatcmpl-" : "cmpl-") + base;
    Exchange exchange = new Exchange(services, request, response, ctx.request().connection(), id, dropAfter, slowNanos);
    response.closeHandler(v -> exchange.abandon());
    if (bootstrap.isPresent() && services.flavor() != Flavor.SGLANG) {
      new SglangLeg(services, exchange, response).run(bootstrap.get());
    } else if (p2p != null) {
      P2pNcclLeg.run(services, p2pSelf, p2p, exchange);
    } else if (MooncakeLeg.handles(request)) {
      MooncakeLeg.run(services, request, exchange);
    } else if (request.wantsRemotePrefill()) {
      services.handoff().pull(request.kvTransferParams()).onComplete(ar -> {
        if (ar.succeeded()) {
          services.counters().kvTransfersIn.incrementAndGet();
          services.counters().kvTransferBlocksIn.addAndGet(ar.result().blocks());
          exchange.start(ar.result().tokens());
        } else {
          // vLLM logs "invalid KVTransferParams" (or fails the read) and computes the prompt itself.
          LOG.log(System.Logger.Level.DEBUG, "KV pull failed, prefilling locally: {0}", ar.cause().getMessage());
          services.counters().localPrefillFallbacks.incrementAndGet();
          exchange.start(0);
        }
      });
    } else {
      exchange.start(0);
    }
  }

  private static JsonNode readJson(RoutingContext ctx) {
    try {
      if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
        throw ApiError.badRequest("The request body is empty; expected a JSON object.");
      }
      return MAPPER.readTree(ctx.body().buffer().getBytes());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiError.badRequest("JSON decode error: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.badRequest("JSON decode error: " + e.getMessage());
    }
  }

  static void fail(HttpServerResponse response, ApiError error) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(error.status())
        .putHeader("Content-Type", "application/json")
        .end(Shapes.write(error.toJson()));
  }
}
