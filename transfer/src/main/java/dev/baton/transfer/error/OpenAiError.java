package dev.baton.transfer.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * An error as OpenAI shapes it: {@code {"error":{"message","type","param","code"}}} with a string
 * {@code code} such as {@code invalid_json} (never the HTTP status as a number, as vLLM sends), so
 * every OpenAI client library surfaces it as a typed exception whose code a program can match.
 *
 * @param status the HTTP status sent with the body
 * @param message a human-readable explanation
 * @param type the OpenAI error type, e.g. {@code invalid_request_error}
 * @param param the request field at fault, or null
 * @param code a machine-readable code such as {@code model_not_found}; null takes the generic code
 *     of the status ({@link #codeOf(int)})
 */
public record OpenAiError(int status, String message, String type, String param, String code) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public OpenAiError {
    code = code == null ? codeOf(status) : code;
  }

  /** The generic string code of an error that has no more precise one. */
  public static String codeOf(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "request_timeout";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 422 -> "unprocessable_entity";
      case 429 -> "rate_limit_exceeded";
      case 499 -> "cancelled";
      case 502 -> "bad_gateway";
      case 503 -> "service_unavailable";
      case 504 -> "gateway_timeout";
      default -> status >= 500 ? "internal_error" : "invalid_request";
    };
  }

  public static OpenAiError badRequest(String message, String param, String code) {
    return new OpenAiError(400, message, "invalid_request_error", param, code);
  }

  /** A 405 for a route served with other methods; send it with {@code Allow}. */
  public static OpenAiError methodNotAllowed(String method, String path) {
    return new OpenAiError(405, "Method " + method + " is not allowed on " + path,
        "invalid_request_error", null, "method_not_allowed");
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

  /** The JSON body; {@code code} is always a string. */
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
    error.put("code", code);
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
