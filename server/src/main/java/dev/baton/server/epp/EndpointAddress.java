package dev.baton.server.epp;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Pool;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Endpoints as the gateway names them: {@code ip:port} ({@code [v6]:port}), the form of the
 * destination header, the subset hint and the served endpoint.
 */
final class EndpointAddress {
  private EndpointAddress() {}

  static String of(EndpointState state) {
    Endpoint e = state.endpoint();
    String host = e.host().contains(":") && !e.host().startsWith("[") ? "[" + e.host() + "]" : e.host();
    return host + ":" + e.port();
  }

  /** The pool narrowed to the gateway's subset hint; the whole pool without a hint. */
  static Pool restrict(Pool pool, Optional<Set<String>> subset) {
    if (subset.isEmpty()) {
      return pool;
    }
    List<EndpointState> kept = pool.endpoints().stream()
        .filter(e -> subset.get().contains(of(e)))
        .toList();
    return new Pool(pool.name(), pool.models(), kept, pool.disaggregation(), pool.loraAdapters());
  }

  /** The pool's endpoint the gateway names {@code address}, if it has one. */
  static Optional<EndpointState> find(Pool pool, String address) {
    return pool.endpoints().stream().filter(e -> of(e).equals(address)).findFirst();
  }
}
