package dev.baton.server.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.latency.LatencyModels;
import dev.baton.server.discovery.SourceStatus;
import dev.baton.server.kvevents.PrefixView;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.metrics.LiveStats;
import dev.baton.server.runtime.BatonRuntime;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the dashboard polls ({@code GET /admin/stats}): request totals and rate, the
 * aggregated/disaggregated split, recent TTFT percentiles, the prefix hit ratio, every pool with
 * its endpoints' live state and every hardware class ({@link HardwareView}; empty without latency
 * models). Figures without samples yet are null.
 */
final class StatsView {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private StatsView() {}

  static ObjectNode of(LiveStats stats, LatencyModels latency, BatonRuntime runtime,
      Function<String, Optional<SourceStatus>> sources,
      Function<PoolRoute, PrefixView> prefixViews, long nowMillis) {
    ObjectNode root = JSON.objectNode();
    root.put("time", nowMillis);
    ObjectNode requests = root.putObject("requests");
    requests.put("total", stats.requests());
    requests.put("active", stats.active());
    number(requests, "ratePerSecond", stats.ratePerSecond());
    ObjectNode split = root.putObject("split");
    split.put("aggregated", stats.aggregated());
    split.put("disaggregated", stats.disaggregated());
    split.put("decodeFallbacks", stats.decodeFallbacks());
    long routed = stats.aggregated() + stats.disaggregated();
    number(split, "disaggregatedShare",
        routed == 0 ? Double.NaN : (double) stats.disaggregated() / routed);
    ObjectNode ttft = root.putObject("ttftMs");
    number(ttft, "p50", stats.ttftP50Ms());
    number(ttft, "p90", stats.ttftP90Ms());
    number(ttft, "p99", stats.ttftP99Ms());
    ttft.put("samples", stats.ttftSamples());
    number(root, "prefixHitRatio", stats.prefixHitRatio());
    root.set("pools", PoolsView.pools(runtime, sources, prefixViews));
    root.set("hardware", HardwareView.of(latency, runtime));
    return root;
  }

  /** JSON has no NaN: unknown figures are null. */
  static void number(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, Math.round(value * 1000) / 1000.0);
    } else {
      node.putNull(name);
    }
  }
}
