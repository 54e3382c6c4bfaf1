package dev.baton.server.listener;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * HTTP/1.1 request framing Baton refuses (RFC 9112 section 6): a body length two parties could read
 * differently is how requests are smuggled past a proxy. Only a single {@code Transfer-Encoding:
 * chunked} on HTTP/1.1, or a {@code Content-Length}, or neither, is accepted.
 */
final class Framing {

  private Framing() {}

  /** Why the request's framing is refused, or null when it is unambiguous. */
  static String problem(HttpRequest request) {
    List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (codings.isEmpty()) {
      return null;
    }
    if (!request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
      return "Transfer-Encoding on " + request.protocolVersion();
    }
    if (codings.size() > 1 || !codings.get(0).strip().equalsIgnoreCase("chunked")) {
      return "unsupported Transfer-Encoding";
    }
    if (request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      return "Content-Length with Transfer-Encoding";
    }
    return null;
  }
}
