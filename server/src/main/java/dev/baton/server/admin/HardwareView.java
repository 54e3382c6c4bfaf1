package dev.baton.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.latency.ClassUsage;
import dev.baton.router.latency.HardwareClass;
import dev.baton.router.latency.LatencyModel;
import dev.baton.router.latency.LatencyModels;
import dev.baton.server.runtime.BatonRuntime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dashboard's per hardware class figures ({@code hardware} in {@code GET /admin/stats}): each
 * class's price, its endpoints' load (Baton's in-flight requests and pending prefill tokens, the
 * engines' running and waiting counts when scraped), the latency model's predicted against observed
 * TTFT and TPOT (moving averages) with its relative error, and what the class served with its
 * cost per 1M tokens ({@link ClassUsage}). Figures without samples are null.
 */
final class HardwareView {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private HardwareView() {}

  /** Every class an endpoint is in, the YAML declares or served something, by name. */
  static ArrayNode of(LatencyModels models, BatonRuntime runtime) {
    ArrayNode out = JSON.arrayNode();
    if (models == null) {
      return out;
    }
    Map<String, Load> loads = new HashMap<>();
    runtime.endpoints().forEach(e -> loads.computeIfAbsent(models.classOf(e.endpoint()).name(),
        c -> new Load()).add(e));
    Set<String> names = new TreeSet<>(models.classes().keySet());
    names.addAll(loads.keySet());
    names.addAll(models.models().keySet());
    names.addAll(models.usage().keySet());
    for (String name : names) {
      out.add(hardwareClass(name, models, loads.getOrDefault(name, new Load())));
    }
    return out;
  }

  private static ObjectNode hardwareClass(String name, LatencyModels models, Load load) {
    ObjectNode n = JSON.objectNode();
    n.put("name", name);
    HardwareClass declared = models.classes().get(name);
    LatencyModel model = models.model(name);
    HardwareClass hardware = declared != null ? declared
        : model != null ? model.hardware() : HardwareClass.DEFAULT;
    n.put("costPerHour", hardware.costPerHour());
    ObjectNode l = n.putObject("load");
    l.put("endpoints", load.ids.size());
    l.put("inFlight", load.inFlight);
    l.put("pendingPrefillTokens", load.pendingPrefill);
    l.put("running", load.running);
    l.put("waiting", load.waiting);
    ObjectNode ttft = n.putObject("ttft");
    ObjectNode tpot = n.putObject("tpot");
    if (model != null) {
      LatencyModel.Averages a = model.averages();
      latency(ttft, a.predictedTtftMs(), a.observedTtftMs(), model.ttftError(0.5),
          model.ttftError(0.9), model.ttftSamples());
      latency(tpot, a.predictedTpotMs(), a.observedTpotMs(), model.tpotError(0.5),
          model.tpotError(0.9), model.tpotSamples());
    } else {
      latency(ttft, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
      latency(tpot, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
    }
    ClassUsage usage = models.usage().get(name);
    ObjectNode served = n.putObject("served");
    served.put("requests", usage == null ? 0 : usage.requests());
    served.put("promptTokens", usage == null ? 0 : usage.promptTokens());
    served.put("outputTokens", usage == null ? 0 : usage.outputTokens());
    unrounded(served, "cost", usage == null ? Double.NaN : usage.cost());
    unrounded(served, "costPerMillionTokens",
        usage == null ? Double.NaN : usage.costPerMillionTokens());
    unrounded(served, "costPerMillionOutputTokens",
        usage == null ? Double.NaN : usage.costPerMillionOutputTokens());
    return n;
  }

  /** Costs are small numbers in whatever unit the YAML prices in: not rounded; null when unknown. */
  private static void unrounded(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name);
    }
  }

  private static void latency(ObjectNode n, double predictedMs, double observedMs, double p50,
      double p90, long samples) {
    StatsView.number(n, "predictedMs", predictedMs);
    StatsView.number(n, "observedMs", observedMs);
    StatsView.number(n, "errorP50", p50);
    StatsView.number(n, "errorP90", p90);
    n.put("samples", samples);
  }

  /**
   * One class's endpoints, summed: Baton's counts per pool state, the engine's once per endpoint
   * (an endpoint in two pools is one engine).
   */
  private static final class Load {
    final Set<String> ids = new HashSet<>();
    long inFlight;
    long pendingPrefill;
    long running;
    long waiting;

    void add(EndpointState e) {
      inFlight += e.inFlightRequests();
      pendingPrefill += e.pendingPrefillTokens();
      if (ids.add(e.id()) && e.load().isKnown()) {
        running += e.load().running();
        waiting += e.load().waiting();
      }
    }
  }
}
