package dev.baton.server.kvevents;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.prefix.TokenBlockIndex;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.KvEventsConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import java.util.HashMap;
import java.util.Map;
import org.zeromq.ZContext;

/**
 * One {@link KvEventSubscriber} per endpoint of every pool with {@code kvEvents} (per rank of a
 * data-parallel endpoint: vLLM's rank {@code i} publishes on the event ports plus {@code i}; source
 * {@code ZmqEventPublisher.offset_endpoint_port} in {@code vllm/distributed/kv_events.py}), following the
 * endpoint set: {@link #follow} after each runtime swap starts subscribers for endpoints that came
 * (or whose addresses changed) and stops those of endpoints that left. Called on one thread at a
 * time (the runtime updater's); it only starts and signals threads, so it never blocks.
 */
public final class KvEventSubscriptions {
  private final ZContext context = new ZContext(1);
  private final TokenBlockIndex index;
  private final KvEventCounters counters;
  private Map<String, KvEventSubscriber> running = Map.of();

  public KvEventSubscriptions(TokenBlockIndex index, KvEventCounters counters) {
    this.index = index;
    this.counters = counters;
  }

  public KvEventCounters counters() {
    return counters;
  }

  /** Subscribes to exactly the endpoints of {@code runtime} whose pool has {@code kvEvents}. */
  public synchronized void follow(BatonRuntime runtime) {
    Map<String, KvEventSubscriber> next = new HashMap<>();
    for (PoolRoute route : runtime.routes()) {
      PoolConfig pool = route.config();
      if (pool.kvEvents() == null) {
        continue;
      }
      for (EndpointState endpoint : route.pool().endpoints()) {
        for (EndpointState rank : endpoint.candidates()) {
          SubscriptionTarget target = targetOf(pool, rank);
          KvEventSubscriber current = running.get(target.cacheId());
          if (current != null && current.target().equals(target)) {
            next.put(target.cacheId(), current);
          } else {
            KvEventSubscriber started = new KvEventSubscriber(context, target, index, counters);
            started.start();
            next.put(target.cacheId(), started);
          }
        }
      }
    }
    running.forEach((id, subscriber) -> {
      if (next.get(id) != subscriber) {
        subscriber.stop();
      }
    });
    running = next;
  }

  /** Whether any endpoint of the pool has events flowing (the precise view can decide there). */
  public boolean preciseFor(PoolRoute route) {
    return viewOf(route).precise();
  }

  /**
   * The pool's prefix view now: whether it subscribes, and how many endpoints have events flowing
   * (from any of their data-parallel ranks).
   */
  public PrefixView viewOf(PoolRoute route) {
    int live = (int) route.pool().endpoints().stream().filter(e -> e.candidates().stream()
        .anyMatch(c -> index.isLive(c.cacheId()))).count();
    return new PrefixView(route.config().kvEvents() != null, live);
  }

  /** Stops every subscriber; the ZMQ context closes once their threads let go of their sockets. */
  public synchronized void close() {
    running.values().forEach(KvEventSubscriber::stop);
    running = Map.of();
    Thread closer = new Thread(context::close, "baton-kv-events-close");
    closer.setDaemon(true);
    closer.start();
  }

  /**
   * The endpoint's own addresses when configured, else the pool's ports on the endpoint's host;
   * for a data-parallel rank, both ports plus the rank.
   */
  static SubscriptionTarget targetOf(PoolConfig pool, EndpointState endpoint) {
    int rank = endpoint.rank().index();
    KvEventsConfig events = pool.kvEvents();
    EndpointConfig configured = pool.endpoints().stream()
        .filter(c -> c.identity().equals(endpoint.id())).findFirst().orElse(null);
    String host = endpoint.endpoint().host();
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    String publisher = configured != null && configured.kvEvents() != null
        ? plusRank(configured.kvEvents(), rank) : "tcp://" + hostPart + ":" + (events.port() + rank);
    String replay = configured != null && configured.kvReplay() != null
        ? plusRank(configured.kvReplay(), rank)
        : events.replayPort() == null ? null
            : "tcp://" + hostPart + ":" + (events.replayPort() + rank);
    return new SubscriptionTarget(endpoint.cacheId(), publisher, replay, events.topic());
  }

  /** A configured {@code tcp://host:port} (validated in that shape) with the port moved up by the rank. */
  static String plusRank(String address, int rank) {
    if (rank == 0) {
      return address;
    }
    int colon = address.lastIndexOf(':');
    return address.substring(0, colon + 1)
        + (Integer.parseInt(address.substring(colon + 1)) + rank);
  }
}
