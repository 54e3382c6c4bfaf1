package dev.baton.server.http;

import dev.baton.transfer.error.OpenAiError;

/** A request Baton refuses before routing it; carries the OpenAI-shaped error to send. */
public final class BadRequestException extends RuntimeException {
  private final transient OpenAiError error;

  BadRequestException(OpenAiError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  /** A bad value of {@code param}: code {@code invalid_value}, or {@code invalid_request} without one. */
  public static BadRequestException of(String message, String param) {
    return of(message, param, param == null ? "invalid_request" : "invalid_value");
  }

  static BadRequestException of(String message, String param, String code) {
    return new BadRequestException(OpenAiError.badRequest(message, param, code));
  }

  public OpenAiError error() {
    return error;
  }
}
