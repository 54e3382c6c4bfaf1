package dev.baton.server.auth;

import dev.baton.transfer.error.OpenAiError;
import dev.baton.server.limits.FailedAuthLimits;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Front-door handler for {@code /v1/*}: requires {@code Authorization: Bearer <key>} when keys are
 * configured (401 in OpenAI's shape otherwise) and records the key's tenant on the routing context
 * for admission and rate limits. Keys are read per request from a supplier so reloads apply at once.
 */
public final class ClientAuth implements Handler<RoutingContext> {
  /** Routing-context key of the caller's tenant, a String. */
  public static final String TENANT = "baton.tenant";

  /** Routing-context key of the authenticated {@link Caller}; absent when authentication is off. */
  public static final String CALLER = "baton.caller";

  private static final String PREFIX = "bearer ";

  private final java.util.function.Supplier<ApiKeys> keys;
  private final FailedAuthLimits failures;

  /** Without a limit on failed attempts. */
  public ClientAuth(java.util.function.Supplier<ApiKeys> keys) {
    this(keys, new FailedAuthLimits(0));
  }

  public ClientAuth(java.util.function.Supplier<ApiKeys> keys, FailedAuthLimits failures) {
    this.keys = keys;
    this.failures = failures;
  }

  /** The same limit on failed attempts, with other keys. */
  public ClientAuth withKeys(java.util.function.Supplier<ApiKeys> newKeys) {
    return new ClientAuth(newKeys, failures);
  }

  @Override
  public void handle(RoutingContext ctx) {
    ApiKeys current = keys.get();
    if (current.isEmpty()) {
      ctx.next();
      return;
    }
    if (failures.refused(ctx)) {
      return;
    }
    String header = ctx.request().getHeader("authorization");
    if (header == null || header.length() <= PREFIX.length()
        || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      failures.failed(ctx);
      reject(ctx, "You didn't provide an API key. Provide it as 'Authorization: Bearer <key>'.");
      return;
    }
    var caller = current.callerOf(header.substring(PREFIX.length()).strip());
    if (caller.isEmpty()) {
      failures.failed(ctx);
      reject(ctx, "Incorrect API key provided.");
      return;
    }
    ctx.put(TENANT, caller.get().tenant());
    ctx.put(CALLER, caller.get());
    ctx.next();
  }

  private static void reject(RoutingContext ctx, String message) {
    ctx.response().putHeader("www-authenticate", "Bearer realm=\"baton\"");
    new OpenAiError(401, message, "invalid_request_error", null, "invalid_api_key")
        .send(ctx.response());
  }
}
