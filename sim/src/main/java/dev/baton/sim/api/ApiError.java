package dev.baton.sim.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered in vLLM's shape: {@code {"error":{"message","type","param","code"}}} with the HTTP
 * status as {@code code}.
 */
public final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String param;

  public ApiError(int status, String message, String param) {
    super(message, null, false, false);
    this.status = status;
    this.param = param;
  }

  /** A 400 {@code BadRequestError}, what vLLM answers for every validation failure. */
  public static ApiError badRequest(String message, String param) {
    return new ApiError(400, message, param);
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, message, null);
  }

  public int status() {
    return status;
  }

  /** The error body. */
  public ObjectNode toJson() {
    ObjectNode error = JsonNodeFactory.instance.objectNode();
    error.put("message", getMessage());
    error.put("type", typeOf(status));
    if (param == null) {
      error.putNull("param");
    } else {
      error.put("param", param);
    }
    error.put("code", status);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("error", error);
    return body;
  }

  /** vLLM names error types after the OpenAI client's exception classes. */
  static String typeOf(int status) {
    return switch (status) {
      case 400 -> "BadRequestError";
      case 401 -> "AuthenticationError";
      case 403 -> "PermissionDeniedError";
      case 404 -> "NotFoundError";
      case 409 -> "ConflictError";
      case 422 -> "UnprocessableEntityError";
      case 429 -> "RateLimitError";
      case 501 -> "NotImplementedError";
      case 503 -> "ServiceUnavailableError";
      default -> status >= 500 ? "InternalServerError" : "BadRequestError";
    };
  }
}
