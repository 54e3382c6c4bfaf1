package dev.baton.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.server.limits.JsonBodies;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * What Baton reads of a passed-through body (embeddings, score, rerank, responses, tokenize, audio
 * uploads): its {@code model}, and its size as the token charge. Their input fields differ per
 * route, so the whole JSON body's length stands for the prompt: a client cannot slip text past the
 * limits under a field Baton does not know. A multipart upload is measured by its text fields; its
 * files are bounded by {@code server.maxBodyBytes} alone.
 *
 * @param model the requested model
 * @param body the bytes to forward, without any client {@code kv_transfer_params}
 * @param chars the length counted against the prompt-length limit
 * @param tokens the token estimate of {@code chars}, charged to rate limits and admission
 * @param json the parsed JSON body, or null for a multipart one
 * @param modelField where a multipart body's {@code model} lies, or null for a JSON one
 */
record PassthroughRequest(String model, Buffer body, int chars, int tokens, ObjectNode json,
    MultipartForm.Part modelField) {

  /** @param keepEnginePriority as in {@link InferenceRequestParser#parse(Buffer, RequestKind, boolean)} */
  static PassthroughRequest parse(Buffer bytes, boolean keepEnginePriority, JsonBodies json) {
    ObjectNode body = InferenceRequestParser.object(bytes, json);
    String model = InferenceRequestParser.model(body);
    // Only Baton may hand a worker transfer parameters (hosts and ports it would dial).
    boolean modified = body.remove("kv_transfer_params") != null;
    modified |= !keepEnginePriority && body.remove("priority") != null;
    Buffer forwarded = modified ? Buffer.buffer(body.toString()) : bytes;
    int chars = bytes.length();
    return new PassthroughRequest(model, forwarded, chars,
        SchedulingRequest.estimateTokens(chars), body, null);
  }

  /** A {@code multipart/form-data} body: routed by its {@code model} field, forwarded as sent. */
  static PassthroughRequest multipart(Buffer bytes, String boundary) {
    MultipartForm form = MultipartForm.parse(bytes, boundary);
    MultipartForm.Part field = form.field("model").orElseThrow(() -> BadRequestException.of(
        "The form field `model` is required", "model", "missing_model"));
    String model = bytes.getString(field.start(), field.end(), "UTF-8").strip();
    if (model.isEmpty()) {
      throw BadRequestException.of("The form field `model` is required", "model", "missing_model");
    }
    int chars = form.textBytes();
    return new PassthroughRequest(model, bytes, chars, SchedulingRequest.estimateTokens(chars),
        null, field);
  }

  /** The body to forward to a worker that serves this model as {@code served} (an alias resolved). */
  Buffer bodyFor(String served) {
    if (served.equals(model)) {
      return body;
    }
    if (json != null) {
      return Buffer.buffer(json.deepCopy().put("model", served).toString());
    }
    return Buffer.buffer()
        .appendBuffer(body.getBuffer(0, modelField.start()))
        .appendBytes(served.getBytes(StandardCharsets.UTF_8))
        .appendBuffer(body.getBuffer(modelField.end(), body.length()));
  }
}
