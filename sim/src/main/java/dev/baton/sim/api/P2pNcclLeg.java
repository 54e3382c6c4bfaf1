package dev.baton.sim.api;

import dev.baton.sim.handoff.Handoff;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One leg of a request shaped for vLLM's {@code P2pNcclConnector}: its {@code X-Request-Id} is
 * {@code ___prefill_addr_<ip:port>___decode_addr_<ip:port>_<uuid hex>} (vLLM's
 * {@code p2p_nccl_connector.py} {@code parse_request_id}), the addresses being each instance's ZMQ
 * address, which for the simulator is its KV side channel. The worker named as prefill keeps the
 * KV under the id; the worker named as decode takes it from the prefill's side channel (waiting
 * until it is there), then decodes, or prefills locally when it never comes.
 */
final class P2pNcclLeg {
  private static final Pattern ID =
      Pattern.compile("___prefill_addr_(.+):(\\d+)___decode_addr_(.+):(\\d+)_[0-9a-f]+");
  private static final System.Logger LOG = System.getLogger(P2pNcclLeg.class.getName());

  private P2pNcclLeg() {}

  /** The id's parts when it names this worker ({@code self}, its side channel) as either side. */
  static Matcher naming(String requestId, String self) {
    if (requestId == null) {
      return null;
    }
    Matcher m = ID.matcher(requestId);
    if (!m.find()) {
      return null;
    }
    boolean prefill = self.equals(m.group(1) + ":" + m.group(2));
    boolean decode = self.equals(m.group(3) + ":" + m.group(4));
    return prefill || decode ? m : null;
  }

  static void run(ApiServices services, String self, Matcher id, Exchange exchange) {
    String transfer = id.group();
    if (self.equals(id.group(1) + ":" + id.group(2))) {
      exchange.holdUnder(List.of(Handoff.transferKey(transfer)));
      exchange.start(0);
      return;
    }
    services.handoff().pullTransfer(id.group(1), Integer.parseInt(id.group(2)), null, transfer)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            services.counters().kvTransfersIn.incrementAndGet();
            exchange.start(ar.result().tokens());
          } else {
            LOG.log(System.Logger.Level.DEBUG, "P2P-NCCL transfer failed, prefilling locally: {0}",
                ar.cause().getMessage());
            services.counters().localPrefillFallbacks.incrementAndGet();
            exchange.start(0);
          }
        });
  }
}
