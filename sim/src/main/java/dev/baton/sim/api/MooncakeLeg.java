package dev.baton.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.sim.handoff.Handoff;
import java.net.URI;
import java.util.List;

/**
 * One leg of a request shaped for vLLM's {@code MooncakeConnector}, recognised by the
 * {@code transfer_id} in its {@code kv_transfer_params}. A prefill ({@code do_remote_decode}) keeps
 * its KV under the transfer id; a decode ({@code do_remote_prefill}) takes it from the prefill's
 * bootstrap server ({@code remote_bootstrap_addr}, engine {@code remote_engine_id}), waiting there
 * until the prefill filled it, then decodes. A decode whose KV never comes prefills locally and
 * counts it, as vLLM recomputes what it could not load.
 */
final class MooncakeLeg {
  private static final System.Logger LOG = System.getLogger(MooncakeLeg.class.getName());

  private MooncakeLeg() {}

  /** True for a leg the Mooncake connector would handle. */
  static boolean handles(GenerateRequest request) {
    return transferId(request) != null && (request.wantsRemoteDecode() || request.wantsRemotePrefill());
  }

  static void run(ApiServices services, GenerateRequest request, Exchange exchange) {
    String transferId = transferId(request);
    if (request.wantsRemoteDecode()) {
      exchange.holdUnder(List.of(Handoff.transferKey(transferId)));
      exchange.start(0);
      return;
    }
    JsonNode params = request.kvTransferParams();
    URI bootstrap;
    try {
      bootstrap = URI.create(params.path("remote_bootstrap_addr").asText(""));
    } catch (IllegalArgumentException e) {
      bootstrap = null;
    }
    String host = bootstrap == null ? null : bootstrap.getHost();
    int port = bootstrap == null ? -1 : bootstrap.getPort();
    services.handoff().pullTransfer(host, port, params.path("remote_engine_id").asText(""), transferId)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            services.counters().kvTransfersIn.incrementAndGet();
            exchange.start(ar.result().tokens());
          } else {
            LOG.log(System.Logger.Level.DEBUG, "Mooncake transfer failed, prefilling locally: {0}",
                ar.cause().getMessage());
            services.counters().localPrefillFallbacks.incrementAndGet();
            exchange.start(0);
          }
        });
  }

  private static String transferId(GenerateRequest request) {
    JsonNode id = request.kvTransferParams() == null ? null
        : request.kvTransferParams().get("transfer_id");
    return id != null && id.isTextual() && !id.asText().isEmpty() ? id.asText() : null;
  }
}
