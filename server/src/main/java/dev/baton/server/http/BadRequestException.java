package dev.baton.server.http;

import dev.baton.transfer.error.OpenAiError;

/** A request Baton refuses before routing it; carries the OpenAI-shaped error to send. */
final class BadRequestException extends RuntimeException {
  private final transient OpenAiError error;

  BadRequestException(OpenAiError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  static BadRequestException of(String message, String param) {
    return new BadRequestException(OpenAiError.badRequest(message, param));
  }

  OpenAiError error() {
    return error;
  }
}
