package dev.baton.transfer.upstream;

import io.vertx.core.MultiMap;
import java.util.Set;

/**
 * The headers of a worker's answer that reach the client: end-to-end headers ({@link HopByHop})
 * minus those that name the worker's software ({@code Server: uvicorn}, {@code X-Powered-By}),
 * which tell a client what runs behind Baton and nothing it needs.
 */
public final class RelayedHeaders {
  private static final Set<String> WORKER_IDENTITY =
      Set.of("server", "x-powered-by", "x-aspnet-version", "x-runtime", "x-served-by");

  private RelayedHeaders() {}

  public static MultiMap of(MultiMap workerHeaders) {
    MultiMap out = HopByHop.endToEnd(workerHeaders);
    WORKER_IDENTITY.forEach(out::remove);
    return out;
  }
}
