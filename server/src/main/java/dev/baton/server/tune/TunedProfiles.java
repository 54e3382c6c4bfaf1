package dev.baton.server.tune;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.scheduling.config.PluginRef;
import dev.baton.router.scheduling.config.PluginSpec;
import dev.baton.router.scheduling.config.ProfileSpec;
import dev.baton.router.scheduling.config.SchedulingConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the scheduling section of a search-space point: the default profiles (docs/scheduling.md,
 * "Defaults") with the point's decode weights, {@code newPrefixScore}, picker and, when searched,
 * the P/D threshold. The prefill profile keeps its defaults.
 */
public final class TunedProfiles {

  private static final String PD_DECIDER = "pd-decider";
  private static final String PREFIX_CACHE = "prefix-cache";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TunedProfiles() {}

  public static SchedulingConfig scheduling(ProfilePoint point) {
    SchedulingConfig defaults = SchedulingConfig.defaults();
    List<PluginSpec> plugins = new ArrayList<>();
    for (PluginSpec spec : defaults.plugins()) {
      plugins.add(switch (spec.type()) {
        case PREFIX_CACHE -> new PluginSpec(spec.name(), spec.type(),
            NODES.objectNode().put("newPrefixScore", point.get(Knob.NEW_PREFIX_SCORE)));
        case PD_DECIDER -> point.has(Knob.UNCACHED_TOKEN_THRESHOLD) ? new PluginSpec(spec.name(),
            spec.type(), threshold((int) point.get(Knob.UNCACHED_TOKEN_THRESHOLD))) : spec;
        default -> spec;
      });
    }
    String picker = point.picker().type();
    if (plugins.stream().noneMatch(p -> p.name().equals(picker))) {
      plugins.add(PluginSpec.of(picker));
    }
    List<ProfileSpec> profiles = new ArrayList<>();
    for (ProfileSpec profile : defaults.schedulingProfiles()) {
      if (!profile.name().equals(SchedulingConfig.DECODE_PROFILE)) {
        profiles.add(profile);
        continue;
      }
      List<PluginRef> refs = new ArrayList<>();
      for (PluginRef ref : profile.plugins()) {
        refs.add(switch (ref.pluginRef()) {
          case PREFIX_CACHE -> weighted(ref, point.get(Knob.PREFIX_CACHE_WEIGHT));
          case "queue-depth" -> weighted(ref, point.get(Knob.QUEUE_DEPTH_WEIGHT));
          case "kv-cache-utilization" -> weighted(ref, point.get(Knob.KV_CACHE_UTILIZATION_WEIGHT));
          case "inflight-requests" -> weighted(ref, point.get(Knob.INFLIGHT_REQUESTS_WEIGHT));
          case "inflight-tokens" -> weighted(ref, point.get(Knob.INFLIGHT_TOKENS_WEIGHT));
          case "session-affinity" -> weighted(ref, point.get(Knob.SESSION_AFFINITY_WEIGHT));
          case "max-score" -> PluginRef.of(picker);
          default -> ref;
        });
      }
      profiles.add(new ProfileSpec(profile.name(), refs));
    }
    return new SchedulingConfig(plugins, profiles, defaults.sessionHeader());
  }

  private static PluginRef weighted(PluginRef ref, double weight) {
    return new PluginRef(ref.pluginRef(), weight);
  }

  private static ObjectNode threshold(int uncachedTokens) {
    return NODES.objectNode().put("mode", "threshold").put("uncachedTokens", uncachedTokens);
  }
}
