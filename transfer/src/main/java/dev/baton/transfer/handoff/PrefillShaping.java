package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.Set;

/** The prefill-leg edits every vLLM connector shares: one token, no streaming, no minimum length. */
final class PrefillShaping {

  /** The members the prefill leg sets or drops; the client's {@code kv_transfer_params} never goes. */
  private static final MemberCut.Names REPLACED = new MemberCut.Names(Set.of("stream",
      "stream_options", "max_tokens", "max_completion_tokens", "min_tokens",
      "min_completion_tokens", "kv_transfer_params"));

  private PrefillShaping() {}

  static ObjectNode oneToken(ObjectNode clientBody, RequestKind kind) {
    ObjectNode body = clientBody.deepCopy();
    body.put("stream", false);
    // vLLM rejects stream_options on a non-streaming request.
    body.remove("stream_options");
    body.put("max_tokens", 1);
    if (kind == RequestKind.CHAT || body.has("max_completion_tokens")) {
      body.put("max_completion_tokens", 1);
    }
    body.remove("min_tokens");
    body.remove("min_completion_tokens");
    return body;
  }

  /**
   * {@link #oneToken} (plus {@code added}, members' JSON text without braces, or empty) made from the
   * client's bytes instead of a copy of its tree ({@link MemberCut}); null when the bytes do not
   * allow it, so the caller writes the tree out.
   */
  static Buffer oneTokenBytes(Buffer clientBytes, RequestKind kind, String added) {
    return MemberCut.apply(clientBytes, REPLACED,
        cut -> head(completionTokens(kind, cut), added));
  }

  /** {@link #oneTokenBytes(Buffer, RequestKind, String)} with what a dialect always adds. */
  static Buffer oneTokenBytes(Buffer clientBytes, RequestKind kind, Head head) {
    return MemberCut.apply(clientBytes, REPLACED,
        cut -> completionTokens(kind, cut) ? head.withCompletionTokens() : head.without());
  }

  /**
   * The members a one-token prefill body starts with, both forms made once for an {@code added}
   * that never changes (not per request).
   */
  record Head(String withCompletionTokens, String without) {
    Head(String added) {
      this(head(true, added), head(false, added));
    }
  }

  /** Whether {@code max_completion_tokens} is set too: always for chat, else if the client sent it. */
  private static boolean completionTokens(RequestKind kind, Set<String> cut) {
    return kind == RequestKind.CHAT || cut.contains("max_completion_tokens");
  }

  private static String head(boolean completionTokens, String added) {
    return "\"stream\":false,\"max_tokens\":1"
        + (completionTokens ? ",\"max_completion_tokens\":1" : "")
        + (added.isEmpty() ? "" : "," + added);
  }
}
