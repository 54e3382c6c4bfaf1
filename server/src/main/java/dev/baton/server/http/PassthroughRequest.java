package dev.baton.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.scheduling.SchedulingRequest;
import io.vertx.core.buffer.Buffer;

/**
 * What Baton reads of a passed-through body (embeddings, score, rerank): its {@code model}, and its
 * size as the token charge. Their input fields differ per route, so the whole body's length stands
 * for the prompt: a client cannot slip text past the limits under a field Baton does not know.
 *
 * @param model the requested model
 * @param body the bytes to forward, without any client {@code kv_transfer_params}
 * @param chars the body's length, counted against the prompt-length limit
 * @param tokens the token estimate of {@code chars}, charged to rate limits and admission
 */
record PassthroughRequest(String model, Buffer body, int chars, int tokens) {

  /** @param keepEnginePriority as in {@link InferenceRequestParser#parse(Buffer, RequestKind, boolean)} */
  static PassthroughRequest parse(Buffer bytes, boolean keepEnginePriority) {
    ObjectNode body = InferenceRequestParser.object(bytes);
    String model = InferenceRequestParser.model(body);
    // Only Baton may hand a worker transfer parameters (hosts and ports it would dial).
    boolean modified = body.remove("kv_transfer_params") != null;
    modified |= !keepEnginePriority && body.remove("priority") != null;
    Buffer forwarded = modified ? Buffer.buffer(body.toString()) : bytes;
    int chars = bytes.length();
    return new PassthroughRequest(model, forwarded, chars,
        SchedulingRequest.estimateTokens(chars));
  }
}
