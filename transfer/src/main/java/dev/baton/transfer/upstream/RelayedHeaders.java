package dev.baton.transfer.upstream;

import io.vertx.core.MultiMap;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The headers of a worker's answer that reach the client: end-to-end headers ({@link HopByHop})
 * minus those that name the worker's software ({@code Server: uvicorn}, {@code X-Powered-By}),
 * which tell a client what runs behind Baton and nothing it needs.
 */
public final class RelayedHeaders {
  private static final Set<String> WORKER_IDENTITY =
      Set.of("server", "x-powered-by", "x-aspnet-version", "x-runtime", "x-served-by");
  private static final Predicate<String> NAMES_THE_WORKER = WORKER_IDENTITY::contains;

  private RelayedHeaders() {}

  /** Adds the worker's headers that reach the client to {@code into}, the client's response's. */
  public static void copy(MultiMap workerHeaders, MultiMap into) {
    // Filtered in the one pass over the worker's headers, not removed from a copy afterwards.
    HopByHop.copyEndToEnd(workerHeaders, into, NAMES_THE_WORKER);
  }
}
