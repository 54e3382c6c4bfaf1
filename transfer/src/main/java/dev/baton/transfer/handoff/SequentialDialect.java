package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Optional;

/**
 * A dialect whose prefill answers with a KV handle that the decode leg then carries (vLLM's NIXL and
 * LMCache connectors): the sequential protocol runs prefill, extracts the handle, then decodes.
 */
public interface SequentialDialect extends HandoffDialect {

  /** The prefill leg's body: a copy of the client's that generates one token and does not stream. */
  ObjectNode prefillBody(HandoffContext request);

  /**
   * {@link #prefillBody} as the bytes sent; {@code clientBytes} is the client's body as Baton
   * forwards it (the same JSON as {@code request.clientBody()}), or null. A dialect whose prefill
   * body is the client's with members set and dropped may cut them in those bytes instead.
   */
  default Buffer prefillBytes(HandoffContext request, Buffer clientBytes) {
    return Buffer.buffer(prefillBody(request).toString());
  }

  /** The handle in a prefill answer; empty when the answer has no usable one. */
  Optional<KvHandle> handle(JsonNode prefillAnswer);

  /**
   * {@link #handle(JsonNode)} of the answer's bytes: empty when they are not a JSON object or have
   * no usable handle. A dialect may read only what it needs ({@link AnswerScan}) instead of the tree.
   */
  default Optional<KvHandle> handle(byte[] prefillAnswer) {
    ObjectNode tree = AnswerScan.tree(prefillAnswer);
    return tree != null ? handle(tree) : Optional.empty();
  }

  /** The decode leg's body: the client's body plus whatever locates the handle. */
  ObjectNode decodeBody(HandoffContext request, KvHandle handle);

  /**
   * {@link #decodeBody} as the bytes sent; {@code clientBytes} is the client's body as Baton
   * forwards it (the same JSON as {@code request.clientBody()}). A dialect whose decode body is the
   * client's plus members may splice them into those bytes instead ({@link FirstMember}).
   */
  default Buffer decodeBytes(HandoffContext request, KvHandle handle, Buffer clientBytes) {
    return Buffer.buffer(decodeBody(request, handle).toString());
  }

  /**
   * Headers both legs carry over the shared ones, computed once per split request (so anything
   * minted here, such as a request id naming the pair, is the same on both legs).
   *
   * @throws IllegalStateException when the plan's endpoints lack what the dialect needs to address
   *     the pair; the request is then answered with a 502 and nothing is sent
   */
  default Map<String, String> legHeaders(HandoffContext request) {
    return Map.of();
  }

  /**
   * True when the legs name both workers (P2P-NCCL's request id carries their KV addresses): then
   * neither leg is sent to another endpoint, and a prefill that failed is not followed by the decode
   * alone, which would wait for KV from a prefill that never ran; the client gets the error.
   */
  default boolean bindsEndpoints() {
    return false;
  }

  /**
   * A body that makes the decode side consume a handle nobody will use (the client left between the
   * legs), so the prefill worker frees its blocks now rather than at its timeout. Empty when the
   * dialect has nothing to release.
   */
  default Optional<ObjectNode> releaseBody(HandoffContext request, KvHandle handle) {
    return Optional.empty();
  }
}
