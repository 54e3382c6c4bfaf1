package dev.baton.transfer.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * An error as OpenAI and vLLM shape it: {@code {"error":{"message","type","param","code"}}} with the
 * HTTP status as {@code code}, so every OpenAI client library surfaces it as a typed exception.
 *
 * @param status the HTTP status sent with the body
 * @param message a human-readable explanation
 * @param type the OpenAI error type, e.g. {@code invalid_request_error}
 * @param param the request field at fault, or null
 * @param code a machine-readable code such as {@code model_not_found}; null sends the status
 */
public record OpenAiError(int status, String message, String type, String param, String code) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static OpenAiError badRequest(String message, String param) {
    return new OpenAiError(400, message, "invalid_request_error", param, null);
  }

  public static OpenAiError modelNotFound(String model) {
    return new OpenAiError(
        404, "The model `" + model + "` does not exist.", "invalid_request_error", "model",
        "model_not_found");
  }

  public static OpenAiError notFound(String path) {
    return new OpenAiError(404, "Unknown route " + path, "invalid_request_error", null, "not_found");
  }

  public static OpenAiError payloadTooLarge(long limit) {
    return new OpenAiError(
        413, "Request body exceeds " + limit + " bytes", "invalid_request_error", null,
        "payload_too_large");
  }

  public static OpenAiError noWorker(String model) {
    return new OpenAiError(
        503, "No healthy worker can serve model `" + model + "` right now", "service_unavailable",
        "model", "no_healthy_worker");
  }

  public static OpenAiError badGateway(String message) {
    return new OpenAiError(502, message, "upstream_error", null, "worker_unreachable");
  }

  public static OpenAiError gatewayTimeout(String message) {
    return new OpenAiError(504, message, "upstream_timeout", null, "worker_timeout");
  }

  public static OpenAiError internal(String message) {
    return new OpenAiError(500, message, "internal_error", null, null);
  }

  /** The JSON body: {@code code} is the symbolic code when there is one, else the status. */
  public ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    if (param == null) {
      error.putNull("param");
    } else {
      error.put("param", param);
    }
    if (code == null) {
      error.put("code", status);
    } else {
      error.put("code", code);
    }
    return root;
  }

  public Buffer toBuffer() {
    return Buffer.buffer(toJson().toString());
  }

  /** Sends this error as the whole response, unless the response has already started. */
  public Future<Void> send(HttpServerResponse response) {
    if (response.headWritten() || response.ended() || response.closed()) {
      return Future.succeededFuture();
    }
    return response
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(toBuffer());
  }
}
