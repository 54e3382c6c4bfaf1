package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The prefill-leg edits every vLLM connector shares: one token, no streaming, no minimum length. */
final class PrefillShaping {

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
}
