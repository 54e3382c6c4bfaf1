package dev.baton.server.runtime;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.transfer.handoff.Dialects;
import dev.baton.transfer.handoff.PrefillLookups;
import dev.baton.transfer.handoff.SglangDialect;
import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data-parallel ranks of SGLang workers that do not configure {@code dataParallelSize}, learned
 * from the {@code dp_size} field of their {@code GET /server_info} (SGLang's {@code ServerArgs}, which
 * that route returns whole). Each such endpoint is asked once, off the request path, through the
 * same {@link PrefillLookups} client (and cache) the {@code sglang} dialect reads the bootstrap port
 * with; an endpoint that does not answer stays at one rank and is asked again after a growing delay,
 * {@link #MAX_ATTEMPTS} attempts in all. When a worker reports more than one rank, {@code rebuild} is
 * told, and the next runtime gives the endpoint that many rank candidates. A configured
 * {@code dataParallelSize} always wins and is never asked about.
 */
public final class LearnedRanks {
  private static final System.Logger LOG = System.getLogger(LearnedRanks.class.getName());
  /** Bounds the asking for a worker that never answers (about 2 minutes in all). */
  static final int MAX_ATTEMPTS = 7;
  private static final long FIRST_RETRY_MS = 1_000;
  private static final long MAX_RETRY_MS = 30_000;

  private final Vertx vertx;
  private final PrefillLookups lookups;
  private final Runnable rebuild;
  /** What each asked endpoint reported (1 when it reported no usable {@code dp_size}). */
  private final Map<Key, Integer> learned = new ConcurrentHashMap<>();
  /** Endpoints being asked or waiting to be asked again, with the attempts made so far. */
  private final Map<Key, Integer> asking = new ConcurrentHashMap<>();

  /** An endpoint as configured or discovered: a new URL under the same id is a new server. */
  private record Key(String id, String url) {}

  /**
   * @param rebuild asked to build a new runtime once a worker reported more than one rank
   */
  public LearnedRanks(Vertx vertx, PrefillLookups lookups, Runnable rebuild) {
    this.vertx = vertx;
    this.lookups = lookups;
    this.rebuild = rebuild;
  }

  /**
   * The pool's {@code list} with the ranks learned so far filled in where none is configured; starts
   * asking about the endpoints not asked yet. Pools of other dialects are returned as they are.
   */
  public List<EndpointConfig> ranked(PoolConfig pool, List<EndpointConfig> list) {
    if (!(Dialects.find(pool.dialect()).orElse(null) instanceof SglangDialect)) {
      return list;
    }
    List<EndpointConfig> out = new ArrayList<>(list.size());
    for (EndpointConfig ec : list) {
      if (ec.dataParallelSize() != null) {
        out.add(ec);
        continue;
      }
      Key key;
      Endpoint endpoint;
      try {
        key = new Key(ec.identity(), ec.url());
        endpoint = ec.toEndpoint(Set.copyOf(pool.models()));
      } catch (IllegalArgumentException e) {
        out.add(ec); // the builder skips it with a warning
        continue;
      }
      Integer ranks = learned.get(key);
      if (ranks == null && asking.putIfAbsent(key, 0) == null) {
        ask(key, endpoint);
      }
      out.add(ranks == null || ranks == 1 ? ec : ec.withDataParallelSize(ranks));
    }
    return out;
  }

  /** Forgets endpoints that left, so one that comes back is asked afresh. */
  public void retainOnly(Set<String> endpointIds) {
    learned.keySet().removeIf(key -> !endpointIds.contains(key.id()));
    asking.keySet().removeIf(key -> !endpointIds.contains(key.id()));
  }

  private void ask(Key key, Endpoint endpoint) {
    lookups.get(endpoint, endpoint.port(), "/server_info").onComplete(answer -> {
      if (!asking.containsKey(key)) {
        return; // the endpoint left meanwhile
      }
      if (answer.succeeded()) {
        int dpSize = answer.result().path("dp_size").asInt(1);
        int ranks = dpSize >= 1 && dpSize <= 1024 ? dpSize : 1;
        asking.remove(key);
        learned.put(key, ranks);
        if (ranks > 1) {
          LOG.log(Level.INFO, "endpoint {0}: {1} data-parallel ranks (dp_size of /server_info)",
              key.id(), ranks);
          rebuild.run();
        }
        return;
      }
      int attempts = asking.merge(key, 1, Integer::sum);
      if (attempts >= MAX_ATTEMPTS) {
        asking.remove(key);
        learned.put(key, 1);
        LOG.log(Level.WARNING, "endpoint {0}: dp_size not learned after {1} attempts, one rank: {2}",
            key.id(), attempts, answer.cause().toString());
        return;
      }
      long delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << (attempts - 1));
      vertx.setTimer(delay, t -> {
        if (asking.containsKey(key)) {
          ask(key, endpoint);
        }
      });
    });
  }

  /** How many endpoints still wait for an answer (for tests). */
  int asking() {
    return asking.size();
  }
}
