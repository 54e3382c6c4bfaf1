package dev.baton.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.EngineLoad;
import dev.baton.router.pool.Pool;
import dev.baton.server.discovery.SourceStatus;
import dev.baton.server.kvevents.PrefixView;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pools with their policy set, endpoint source (type and last sync) and timeouts, and their endpoints with live state, as
 * {@code /admin/pools} and the dashboard show them.
 */
final class PoolsView {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PoolsView() {}

  static ArrayNode pools(BatonRuntime runtime, Function<String, Optional<SourceStatus>> sources,
      Function<PoolRoute, PrefixView> prefixViews) {
    ArrayNode pools = JSON.arrayNode();
    for (PoolRoute route : runtime.routes()) {
      Pool pool = route.pool();
      ObjectNode p = pools.addObject();
      p.put("name", pool.name());
      ArrayNode models = p.putArray("models");
      pool.models().stream().sorted().forEach(models::add);
      ObjectNode split = p.putObject("disaggregation");
      split.put("enabled", pool.disaggregation().enabled());
      split.put("uncachedTokenThreshold", pool.disaggregation().uncachedTokenThreshold());
      // Which policy set and endpoint source the pool runs under, and the timeouts new requests get.
      p.put("policy", route.config().policy());
      p.put("source", route.config().endpointSource().type());
      sources.apply(pool.name()).ifPresent(s -> p.set("sourceSync", sync(s)));
      p.set("prefixView", prefixView(prefixViews.apply(route), route));
      UpstreamTimeouts timeouts = route.workers().timeouts();
      ObjectNode t = p.putObject("timeouts");
      t.put("connect", timeouts.connect().toString());
      t.put("firstByte", timeouts.firstByte().toString());
      t.put("idle", timeouts.idle().toString());
      ArrayNode endpoints = p.putArray("endpoints");
      pool.endpoints().forEach(e -> endpoints.add(endpoint(e)));
    }
    return pools;
  }

  /** Which prefix view decides the pool's matches, and why (as {@code baton_prefix_view}). */
  private static ObjectNode prefixView(PrefixView view, PoolRoute route) {
    ObjectNode n = JSON.objectNode();
    n.put("view", view.name());
    n.put("kvEvents", view.kvEvents());
    n.put("liveEndpoints", view.liveEndpoints());
    n.put("tokenizer", route.config().tokenizer().source().name().toLowerCase(Locale.ROOT));
    return n;
  }

  /** When the source last read its list, how long it was, and what went wrong since (or null). */
  private static ObjectNode sync(SourceStatus status) {
    ObjectNode n = JSON.objectNode();
    if (status.lastSync() == null) {
      n.putNull("at");
    } else {
      n.put("at", status.lastSync().toString());
    }
    n.put("endpoints", status.endpoints());
    n.put("error", status.error());
    return n;
  }

  static ObjectNode endpoint(EndpointState e) {
    ObjectNode n = JSON.objectNode();
    n.put("id", e.id());
    n.put("url", e.endpoint().baseUrl());
    n.put("role", e.endpoint().role().name().toLowerCase(Locale.ROOT));
    n.put("health", e.health().name().toLowerCase(Locale.ROOT));
    n.put("schedulable", e.schedulable());
    n.put("draining", e.draining());
    n.put("breakerOpen", e.breakerOpen());
    n.put("inFlight", e.inFlightRequests());
    n.put("inFlightTokens", e.inFlightTokens());
    n.put("picks", e.picks());
    n.set("load", load(e.load()));
    if (e.candidates().size() > 1) {
      // A data-parallel server: what the scheduler picks among, rank by rank.
      n.put("dataParallelSize", e.candidates().size());
      ArrayNode ranks = n.putArray("ranks");
      for (EndpointState rank : e.candidates()) {
        ObjectNode r = ranks.addObject();
        r.put("rank", rank.rank().index());
        r.put("inFlight", rank.inFlightRequests());
        r.put("picks", rank.picks());
        r.set("load", load(rank.load()));
      }
    }
    return n;
  }

  private static ObjectNode load(EngineLoad load) {
    ObjectNode l = JSON.objectNode();
    l.put("known", load.isKnown());
    l.put("running", load.running());
    l.put("waiting", load.waiting());
    l.put("kvCacheUsage", load.kvCacheUsage());
    return l;
  }
}
