package dev.baton.transfer.handoff;

import dev.baton.router.endpoint.Endpoint;
import java.util.Map;
import java.util.UUID;

/**
 * vLLM's {@code P2pNcclConnector} ({@code kv_role} {@code kv_producer} / {@code kv_consumer}): the
 * prefill runs first with one token and sends its KV over NCCL to the decode named in the request
 * id, then the decode runs with the client's body unchanged. Both legs carry the same
 * {@code X-Request-Id}, {@code ___prefill_addr_<prefill zmq>___decode_addr_<decode zmq>_<uuid hex>};
 * each engine parses its peer's ZMQ address out of it.
 *
 * <p>Facts from vllm-project/vllm
 * {@code examples/online_serving/disaggregated_serving_p2p_nccl_xpyd/disagg_proxy_p2p_nccl_xpyd.py}
 * ({@code handle_request}: the id, {@code max_tokens 1} on the prefill, the prefill answer awaited
 * before the decode is sent) and
 * {@code vllm/distributed/kv_transfer/kv_connector/v1/p2p/p2p_nccl_connector.py}
 * ({@code parse_request_id}: the decode finds the prefill only in the id). The ZMQ addresses are
 * the ones the instances register with ({@code zmq_address}), carried by each endpoint as the
 * {@value #ZMQ_ADDRESS_LABEL} label (set by the {@code p2p-nccl} endpoint source, or by hand).
 */
public final class P2pNcclDialect extends OutOfBandDialect {

  /** The endpoint label holding the instance's P2P ZMQ address, {@code ip:port}. */
  public static final String ZMQ_ADDRESS_LABEL = "zmq_address";

  @Override
  public String name() {
    return "p2p-nccl";
  }

  /** The request id naming the pair, minted once per request. */
  @Override
  public Map<String, String> legHeaders(HandoffContext request) {
    String id = "___prefill_addr_" + zmqAddress(request.prefill()) + "___decode_addr_"
        + zmqAddress(request.decode()) + "_" + UUID.randomUUID().toString().replace("-", "");
    return Map.of("X-Request-Id", id);
  }

  /** The id names both instances: neither leg may move. */
  @Override
  public boolean bindsEndpoints() {
    return true;
  }

  private static String zmqAddress(Endpoint endpoint) {
    String address = endpoint.labels().get(ZMQ_ADDRESS_LABEL);
    if (address == null || address.isBlank()) {
      throw new IllegalStateException("endpoint " + endpoint.id() + " has no " + ZMQ_ADDRESS_LABEL
          + " label (its P2P-NCCL address)");
    }
    return address;
  }
}
