package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Optional;

/**
 * vLLM's {@code NixlConnector}: the prefill is asked to keep its blocks for a remote decode, answers
 * with {@code kv_transfer_params} naming them, and the decode copies those verbatim and pulls the
 * blocks over NIXL.
 */
public final class NixlDialect implements SequentialDialect {

  /** Without any of these, vLLM's decode logs "invalid KVTransferParams" and prefills locally. */
  private static final List<String> REQUIRED =
      List.of("remote_block_ids", "remote_engine_id", "remote_request_id", "remote_host",
          "remote_port");

  /** Where the handle is in a prefill answer. */
  private static final AnswerScan.Sought HANDLE =
      new AnswerScan.Sought("kv_transfer_params", REQUIRED);

  /** What the prefill is asked: keep the blocks for a decode elsewhere. */
  private static final ObjectNode REMOTE_DECODE = remoteDecode();

  /** The same as the member's text, first in prefill bodies cut from the client's bytes. */
  private static final PrefillShaping.Head PREFILL_HEAD =
      new PrefillShaping.Head("\"kv_transfer_params\":" + REMOTE_DECODE);

  @Override
  public String name() {
    return "nixl";
  }

  @Override
  public ObjectNode prefillBody(HandoffContext request) {
    ObjectNode body = PrefillShaping.oneToken(request.clientBody(), request.kind());
    body.set("kv_transfer_params", REMOTE_DECODE.deepCopy());
    return body;
  }

  private static ObjectNode remoteDecode() {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("do_remote_decode", true);
    params.put("do_remote_prefill", false);
    params.putNull("remote_engine_id");
    params.putNull("remote_block_ids");
    params.putNull("remote_host");
    params.putNull("remote_port");
    return params;
  }

  /** {@link #prefillBody} cut from the client's bytes, when they allow it. */
  @Override
  public Buffer prefillBytes(HandoffContext request, Buffer clientBytes) {
    Buffer cut = clientBytes == null ? null
        : PrefillShaping.oneTokenBytes(clientBytes, request.kind(), PREFILL_HEAD);
    return cut != null ? cut : SequentialDialect.super.prefillBytes(request, clientBytes);
  }

  @Override
  public Optional<KvHandle> handle(JsonNode prefillAnswer) {
    JsonNode params = prefillAnswer == null ? null : prefillAnswer.get("kv_transfer_params");
    if (!(params instanceof ObjectNode object)) {
      return Optional.empty();
    }
    for (String key : REQUIRED) {
      JsonNode value = object.get(key);
      if (value == null || value.isNull()) {
        return Optional.empty();
      }
    }
    return Optional.of(new KvHandle(object.toString()));
  }

  /**
   * The same verdict from the answer's tokens, the handle being the parameters' text as the prefill
   * wrote it: no tree of the answer, and nothing to write out again for the decode.
   */
  @Override
  public Optional<KvHandle> handle(byte[] prefillAnswer) {
    Optional<AnswerScan> scan = AnswerScan.of(prefillAnswer, HANDLE);
    if (scan.isEmpty()) {
      return SequentialDialect.super.handle(prefillAnswer);
    }
    AnswerScan found = scan.get();
    return found.member() != null && found.filled()
        ? Optional.of(new KvHandle(found.member()))
        : Optional.empty();
  }

  @Override
  public ObjectNode decodeBody(HandoffContext request, KvHandle handle) {
    ObjectNode body = request.clientBody().deepCopy();
    body.set("kv_transfer_params", handle.transferParams());
    return body;
  }

  /**
   * The client's bytes with {@code kv_transfer_params} spliced in as the first member: the same
   * JSON as {@link #decodeBody} (which the client's body never has, see {@link HandoffContext}).
   */
  @Override
  public Buffer decodeBytes(HandoffContext request, KvHandle handle, Buffer clientBytes) {
    Buffer spliced = clientBytes == null ? null
        : FirstMember.splice(clientBytes, "kv_transfer_params", handle.transferParamsJson());
    return spliced != null ? spliced : SequentialDialect.super.decodeBytes(request, handle, clientBytes);
  }

  /** A one-token, non-streaming decode that reads the blocks, so the prefill worker frees them. */
  @Override
  public Optional<ObjectNode> releaseBody(HandoffContext request, KvHandle handle) {
    ObjectNode body = PrefillShaping.oneToken(request.clientBody(), request.kind());
    body.set("kv_transfer_params", handle.transferParams());
    return Optional.of(body);
  }
}
