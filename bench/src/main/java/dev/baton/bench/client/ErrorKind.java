package dev.baton.bench.client;

/** Why a request did not count as a success; {@link #key()} is the name in the JSON summary. */
public enum ErrorKind {
  /** The server answered 4xx. */
  HTTP_4XX("http_4xx"),
  /** The server answered 5xx (or any other non-2xx status). */
  HTTP_5XX("http_5xx"),
  /** No connection could be made (refused, unreachable, connect timeout). */
  CONNECT("connect"),
  /** The request did not finish within the per-request timeout. */
  TIMEOUT("timeout"),
  /** The stream carried a {@code data: {"error": ...}} event. */
  STREAM_ERROR("stream_error"),
  /** The stream (or connection) ended before {@code data: [DONE]}. */
  INCOMPLETE("incomplete");

  private final String key;

  ErrorKind(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** The kind for a non-2xx HTTP status. */
  public static ErrorKind ofStatus(int status) {
    return status >= 400 && status < 500 ? HTTP_4XX : HTTP_5XX;
  }
}
