package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * A sequential dialect whose KV moves out of band (LMCache's store, P2P-NCCL's push to the decode):
 * the prefill generates one token, any successful answer means the KV is on its way, and the decode
 * gets the client's body as it is. Subclasses add how the workers find each other, if at all.
 */
abstract class OutOfBandDialect implements SequentialDialect {

  /** The one-token prefill's first members: nothing of the dialect's own. */
  private static final PrefillShaping.Head NOTHING_ADDED = new PrefillShaping.Head("");

  @Override
  public ObjectNode prefillBody(HandoffContext request) {
    return PrefillShaping.oneToken(request.clientBody(), request.kind());
  }

  /** {@link #prefillBody} cut from the client's bytes, when they allow it. */
  @Override
  public Buffer prefillBytes(HandoffContext request, Buffer clientBytes) {
    Buffer cut = clientBytes == null ? null
        : PrefillShaping.oneTokenBytes(clientBytes, request.kind(), NOTHING_ADDED);
    return cut != null ? cut : SequentialDialect.super.prefillBytes(request, clientBytes);
  }

  /** Any successful answer is a handle: the prefill finished, so its KV left with it. */
  @Override
  public Optional<KvHandle> handle(JsonNode prefillAnswer) {
    return prefillAnswer != null && prefillAnswer.isObject()
        ? Optional.of(KvHandle.IMPLICIT)
        : Optional.empty();
  }

  /** The same verdict from the answer's tokens: a JSON object, whatever it holds. */
  @Override
  public Optional<KvHandle> handle(byte[] prefillAnswer) {
    return AnswerScan.isObject(prefillAnswer)
        ? Optional.of(KvHandle.IMPLICIT)
        : Optional.empty();
  }

  @Override
  public ObjectNode decodeBody(HandoffContext request, KvHandle handle) {
    return request.clientBody().deepCopy();
  }
}
