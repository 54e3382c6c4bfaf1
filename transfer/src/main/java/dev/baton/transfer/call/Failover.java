package dev.baton.transfer.call;

import dev.baton.router.endpoint.EndpointState;
import java.util.Optional;
import java.util.Set;

/**
 * Where to send a request whose worker could not even be connected to. Only such requests are
 * failed over: they never reached a worker, so sending them elsewhere cannot run them twice.
 */
@FunctionalInterface
public interface Failover {

  /** No other endpoint: the client gets the 502. */
  Failover NONE = tried -> Optional.empty();

  /** Another endpoint for the same leg, not one of {@code triedIds}; empty to give up. */
  Optional<EndpointState> next(Set<String> triedIds);
}
