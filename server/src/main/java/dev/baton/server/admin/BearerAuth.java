package dev.baton.server.admin;

import dev.baton.server.limits.FailedAuthLimits;
import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>}; 401 otherwise. An address
 * that fails {@link #FAILURES_PER_MINUTE} times gets 429 until its budget refills, so the token
 * cannot be guessed at network speed.
 */
final class BearerAuth implements Handler<RoutingContext> {
  /** Failed token attempts one client address may make per minute (bursting up to as many). */
  static final int FAILURES_PER_MINUTE = 30;

  private static final String PREFIX = "bearer ";
  private final byte[] token;
  private final FailedAuthLimits failures = new FailedAuthLimits(FAILURES_PER_MINUTE);

  BearerAuth(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (failures.refused(ctx)) {
      return;
    }
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
    failures.failed(ctx);
    ctx.response().putHeader("www-authenticate", "Bearer realm=\"baton-admin\"");
    new OpenAiError(401, "Missing or invalid admin token", "authentication_error", null,
        "invalid_admin_token").send(ctx.response());
  }
}
