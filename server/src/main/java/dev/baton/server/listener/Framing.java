package dev.baton.server.listener;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * HTTP/1.1 request framing Baton refuses (RFC 9112 section 6): a body length two parties could read
 * differently is how requests are smuggled past a proxy. Only a single {@code Transfer-Encoding:
 * chunked} on HTTP/1.1, or a {@code Content-Length}, or neither, is accepted.
 *
 * <p>What this cannot see: Netty's decoder drops a {@code Content-Length} sent with {@code
 * Transfer-Encoding: chunked} before any hook of Vert.x runs, and reads the body as chunked (the
 * reading RFC 9112 6.3 prescribes). Baton never forwards a client's framing (it sends workers a body
 * of known length), so no worker can read that request differently.
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
    // Netty trims a value, except one continued on a folded line (obs-fold): it keeps the space.
    if (codings.size() > 1 || !codings.get(0).equalsIgnoreCase("chunked")) {
      return "unsupported or folded Transfer-Encoding";
    }
    if (request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      return "Content-Length with Transfer-Encoding";
    }
    return null;
  }
}
