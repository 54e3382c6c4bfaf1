package dev.baton.server.discovery;

import dev.baton.server.config.EndpointConfig;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where one pool's endpoints come from: it publishes the current list, says when the first list is
 * known, and stops when closed (in the spirit of Armeria's {@code EndpointGroup}). The runtime
 * updater subscribes and applies each new list to the running router: endpoints that stay keep their
 * live state, endpoints that left lose their state, breaker and gauges. A source never dials what a
 * client sent; its lists come from the configuration or from the platform it watches.
 */
public interface EndpointSource {

  /** The current list; empty until {@link #whenReady()} completes. */
  List<EndpointConfig> endpoints();

  /** When the list was last read, how long it was, and what went wrong since, if anything. */
  SourceStatus status();

  /** Completes once the first list is known (at once for a fixed list). */
  Future<Void> whenReady();

  /**
   * Subscribes the one listener of this source, which hears every list published after this call,
   * from any thread. The runtime updater is that listener.
   */
  void onChange(Consumer<List<EndpointConfig>> listener);

  /** Stops watching; no list is published after the returned future completes. */
  Future<Void> close();
}
