package dev.baton.bench.client;

import java.util.Locale;

/** Why a request did not count as a success; {@link #key()} is the name in the JSON summary. */
public enum ErrorKind {
  /** The server answered 4xx. */
  HTTP_4XX,
  /** The server answered 5xx (or any other non-2xx status). */
  HTTP_5XX,
  /** No connection could be made (refused, unreachable, connect timeout). */
  CONNECT,
  /** The request did not finish within the per-request timeout. */
  TIMEOUT,
  /** The stream carried a {@code data: {"error": ...}} event. */
  STREAM_ERROR,
  /** The stream (or connection) ended before {@code data: [DONE]}. */
  INCOMPLETE;

  /** The constant's name in lower case, e.g. {@code stream_error}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind for a non-2xx HTTP status. */
  public static ErrorKind ofStatus(int status) {
    return status >= 400 && status < 500 ? HTTP_4XX : HTTP_5XX;
  }
}
