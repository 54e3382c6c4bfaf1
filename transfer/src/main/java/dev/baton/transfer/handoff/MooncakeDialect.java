package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * vLLM's {@code MooncakeConnector} ({@code kv_role} {@code kv_producer} on prefill,
 * {@code kv_consumer} on decode): both legs go at once and meet through a transfer id Baton mints.
 * The prefill is asked to keep its blocks for a remote decode and generates one token; the decode is
 * told to pull them from the prefill's bootstrap server and which engine behind it holds them.
 *
 * <p>Facts from vllm-project/vllm
 * {@code examples/online_serving/disaggregated_serving/mooncake_connector/mooncake_connector_proxy.py}
 * ({@code send_request_to_service}, {@code stream_service_response}, {@code get_prefiller_info}) and
 * {@code vllm/distributed/kv_transfer/kv_connector/v1/mooncake/}: the prefill gets
 * {@code kv_transfer_params {do_remote_decode: true, do_remote_prefill: false, transfer_id}} with
 * {@code max_tokens 1}, no stream, and {@code X-data-parallel-rank} naming its rank; the decode gets
 * {@code {do_remote_decode: false, do_remote_prefill: true, transfer_id, remote_bootstrap_addr:
 * "http://<prefill host>:<bootstrap port>", remote_engine_id}}, the engine id being the rank's entry
 * of the bootstrap server's {@code GET /query} answer, {@code {"<dp_rank>": {"engine_id": ...}}}. The
 * bootstrap server listens on {@code VLLM_MOONCAKE_BOOTSTRAP_PORT}, default 8998. The rank header
 * itself is not the dialect's: every leg sent to a rank carries it ({@code SendToWorker}).
 */
public final class MooncakeDialect implements ConcurrentDialect {

  /** vLLM's default {@code VLLM_MOONCAKE_BOOTSTRAP_PORT}. */
  public static final int DEFAULT_BOOTSTRAP_PORT = 8998;

  @Override
  public String name() {
    return "mooncake";
  }

  /** Learns the engine id of the prefill's rank from its bootstrap server (cached per endpoint). */
  @Override
  public Future<HandoffContext> prepare(HandoffContext request, PrefillLookups lookups) {
    Endpoint prefill = request.prefill();
    int port = prefill.bootstrapPort() > 0 ? prefill.bootstrapPort() : DEFAULT_BOOTSTRAP_PORT;
    String rank = Integer.toString(Math.max(request.prefillRank(), 0));
    return lookups.get(prefill, port, "/query").compose(ranks -> {
      JsonNode engineId = ranks.path(rank).path("engine_id");
      return engineId.isTextual() && !engineId.asText().isEmpty()
          ? Future.succeededFuture(request.withBootstrap(new PrefillBootstrap(port, engineId.asText())))
          : Future.failedFuture("the bootstrap server of " + prefill.id() + " names no engine for rank "
              + rank);
    });
  }

  @Override
  public ObjectNode prefillBody(HandoffContext request, String rendezvous) {
    ObjectNode body = PrefillShaping.oneToken(request.clientBody(), request.kind());
    body.set("kv_transfer_params", prefillParams(rendezvous));
    return body;
  }

  @Override
  public ObjectNode decodeBody(HandoffContext request, String rendezvous) {
    ObjectNode body = request.clientBody().deepCopy();
    body.set("kv_transfer_params", decodeParams(request, rendezvous));
    return body;
  }

  /** {@link #prefillBody} cut from the client's bytes, when they allow it. */
  @Override
  public Buffer prefillBytes(HandoffContext request, String rendezvous, Buffer clientBytes) {
    Buffer cut = clientBytes == null ? null : PrefillShaping.oneTokenBytes(clientBytes,
        request.kind(), "\"kv_transfer_params\":" + prefillParams(rendezvous));
    return cut != null ? cut : ConcurrentDialect.super.prefillBytes(request, rendezvous, clientBytes);
  }

  /**
   * The client's bytes with {@code kv_transfer_params} spliced in as the first member: the same JSON
   * as {@link #decodeBody} (the client's body never has one, see {@link HandoffContext}).
   */
  @Override
  public Buffer decodeBytes(HandoffContext request, String rendezvous, Buffer clientBytes) {
    ObjectNode params = decodeParams(request, rendezvous);
    Buffer spliced = clientBytes == null ? null
        : FirstMember.splice(clientBytes, "kv_transfer_params", params.toString());
    return spliced != null ? spliced : ConcurrentDialect.super.decodeBytes(request, rendezvous, clientBytes);
  }

  private static ObjectNode prefillParams(String rendezvous) {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("do_remote_decode", true);
    params.put("do_remote_prefill", false);
    params.put("transfer_id", transferId(rendezvous));
    return params;
  }

  private static ObjectNode decodeParams(HandoffContext request, String rendezvous) {
    PrefillBootstrap bootstrap = request.bootstrap();
    if (bootstrap == null || bootstrap.engineId() == null) {
      throw new IllegalStateException("mooncake decode leg shaped before prepare found the engine");
    }
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("do_remote_decode", false);
    params.put("do_remote_prefill", true);
    params.put("transfer_id", transferId(rendezvous));
    params.put("remote_bootstrap_addr",
        "http://" + urlHost(request.prefill().host()) + ":" + bootstrap.port());
    params.put("remote_engine_id", bootstrap.engineId());
    return params;
  }

  /** The id both sides know the transfer by; shaped as vLLM's example proxy shapes it. */
  private static String transferId(String rendezvous) {
    return "xfer-" + rendezvous;
  }

  /** An IPv6 literal goes in brackets inside a URL (the proxy's {@code maybe_wrap_ipv6_address}). */
  private static String urlHost(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
