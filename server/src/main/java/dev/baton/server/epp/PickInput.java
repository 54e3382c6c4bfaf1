package dev.baton.server.epp;

import com.google.protobuf.ByteString;
import dev.baton.server.http.BadRequestException;
import dev.baton.server.http.InferenceRequest;
import dev.baton.server.http.InferenceRequestParser;
import dev.baton.transfer.handoff.RequestKind;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Optional;

/**
 * The routing fields of one request as the gateway sent it, read with the proxy's own parser, with
 * llm-d's model rewrite applied.
 *
 * @param model the model the request is scheduled for (the rewrite's when there is one)
 * @param prompt the prompt as text (chat rendered), for prefix affinity; empty without a body
 * @param promptTokens estimated prompt tokens
 * @param maxTokens the output limit
 * @param rewrittenBody the body to forward instead of the client's, or null: the model name was
 *     rewritten, or the client's {@code kv_transfer_params} removed (a client must not point a
 *     decode engine at a KV source of its choosing)
 */
record PickInput(String model, String prompt, int promptTokens, int maxTokens,
    ByteString rewrittenBody) {

  /** Reads the request; throws with the OpenAI error to answer when it is malformed. */
  static PickInput read(PickRequest request) {
    Map<String, String> headers = request.headers();
    Optional<String> rewrite = GatewayHeaders.read(headers, GatewayHeaders.MODEL_REWRITE);
    if (request.bodyless()) {
      String model = rewrite.or(() -> GatewayHeaders.read(headers, GatewayHeaders.MODEL_NAME))
          .orElseThrow(() -> BadRequestException.of("This gateway lets the endpoint picker decide"
              + " before the body: it needs the model in the " + GatewayHeaders.MODEL_NAME
              + " header (or the FULL_DUPLEX_STREAMED body mode)", "model"));
      return new PickInput(model, "", 0, 0, null);
    }
    String path = headers.getOrDefault(":path", "");
    RequestKind kind = path.contains("/chat/") ? RequestKind.CHAT : RequestKind.COMPLETION;
    InferenceRequest parsed = InferenceRequestParser.parse(
        Buffer.buffer(request.body().toByteArray()), kind, true);
    String model = parsed.model();
    boolean modified = parsed.bodyModified();
    if (rewrite.isPresent() && !rewrite.get().equals(model)) {
      model = rewrite.get();
      parsed.body().put("model", model);
      modified = true;
    }
    return new PickInput(model, parsed.promptText(), parsed.promptTokens(), parsed.maxTokens(),
        modified ? ByteString.copyFromUtf8(parsed.body().toString()) : null);
  }
}
