package dev.baton.transfer.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * One request as it is sent to a worker. The path is Baton's own (it never carries a host), so a
 * request can only reach the configured endpoint it is sent to.
 *
 * @param method HTTP method
 * @param path path and query, e.g. {@code /v1/chat/completions}
 * @param headers end-to-end headers to forward (hop-by-hop ones already removed)
 * @param body the body bytes, or an empty buffer
 */
public record UpstreamRequest(HttpMethod method, String path, MultiMap headers, Buffer body) {

  public UpstreamRequest {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must be absolute: " + path);
    }
    body = body == null ? Buffer.buffer() : body;
  }

  public static UpstreamRequest post(String path, MultiMap headers, Buffer body) {
    return new UpstreamRequest(HttpMethod.POST, path, headers, body);
  }

  /** The same request with another body, e.g. a dialect's prefill copy. */
  public UpstreamRequest withBody(Buffer newBody) {
    return new UpstreamRequest(method, path, headers, newBody);
  }
}
