package dev.baton.server.auth;

import dev.baton.server.config.PoolConfig;
import io.vertx.core.MultiMap;

/**
 * The {@code Authorization} a pool's workers get: the pool's {@code upstreamApiKey} when set, the
 * client's own header only when {@code forwardClientAuthorization} says so, otherwise none.
 * ({@code ${VAR}} references in the YAML were already replaced by the config loader.)
 *
 * @param bearer the upstream key, or null
 * @param forwardClient whether the client's header may pass when there is no upstream key
 */
public record UpstreamCredentials(String bearer, boolean forwardClient) {

  public static final UpstreamCredentials NONE = new UpstreamCredentials(null, false);

  /** The credentials of {@code pool}'s workers. */
  public static UpstreamCredentials of(PoolConfig pool) {
    return new UpstreamCredentials(pool.upstreamApiKey(), pool.forwardClientAuthorization());
  }

  /** Rewrites the forwarded headers' {@code Authorization}. */
  public MultiMap apply(MultiMap headers) {
    if (bearer != null) {
      headers.set("authorization", "Bearer " + bearer);
    } else if (!forwardClient) {
      headers.remove("authorization");
    }
    return headers;
  }

  @Override
  public String toString() {
    return "UpstreamCredentials[bearer=" + (bearer == null ? "none" : "***") + ", forwardClient="
        + forwardClient + "]";
  }
}
