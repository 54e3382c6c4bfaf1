package dev.baton.server.admin;

import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Lets a request through only with {@code Authorization: Bearer <token>}; 401 otherwise. */
final class BearerAuth implements Handler<RoutingContext> {
  private static final String PREFIX = "bearer ";
  private final byte[] token;

  BearerAuth(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("authorization");
    if (header != null && header.length() > PREFIX.length()
        && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      byte[] given = header.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8);
      // Constant-time, so response timing does not reveal how much of a guess was right.
      if (MessageDigest.isEqual(given, token)) {
        ctx.next();
        return;
      }
    }
    ctx.response().putHeader("www-authenticate", "Bearer realm=\"baton-admin\"");
    new OpenAiError(401, "Missing or invalid admin token", "authentication_error", null,
        "invalid_admin_token").send(ctx.response());
  }
}
