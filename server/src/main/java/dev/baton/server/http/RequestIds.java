package dev.baton.server.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code X-Request-Id} of a request: the client's when it is a sane token (vLLM uses it as the
 * engine's request id, so it must be safe in logs and ids), else a fresh one.
 */
public final class RequestIds {

  public static final String HEADER = "x-request-id";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

  private RequestIds() {}

  static String of(HttpServerRequest request) {
    return of(request.getHeader(HEADER));
  }

  /** The given id when it is a sane token, else a fresh one. */
  public static String of(String given) {
    return given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
  }
}
