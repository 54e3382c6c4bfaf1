package dev.baton.router.scheduling.config;

import java.util.List;

/**
 * The {@code scheduling:} section of Baton's YAML: configured plugins and the profiles that weigh
 * them. Shaped like llm-d's scheduler config so its documentation carries over.
 *
 * <pre>{@code
 * scheduling:
 *   plugins:
 *     - {type: approximate-prefix, parameters: {blockChars: 64}}
 *     - {name: prefix, type: prefix-cache}
 *     - {type: queue-depth}
 *     - {type: max-score}
 *   schedulingProfiles:
 *     - name: decode
 *       plugins:
 *         - {pluginRef: approximate-prefix}
 *         - {pluginRef: prefix, weight: 3}
 *         - {pluginRef: queue-depth, weight: 2}
 *         - {pluginRef: max-score}
 * }</pre>
 *
 * @param plugins every plugin instance, each with a unique name
 * @param schedulingProfiles {@code decode} (required) and {@code prefill} (optional, else decode's)
 * @param sessionHeader the request header whose value is the request's session key, which the
 *     {@code session-affinity} scorer binds to an endpoint (default {@code x-session-id}); a request
 *     without it has no session
 */
public record SchedulingConfig(
    List<PluginSpec> plugins, List<ProfileSpec> schedulingProfiles, String sessionHeader) {

  public static final String DECODE_PROFILE = "decode";
  public static final String PREFILL_PROFILE = "prefill";
  public static final String DEFAULT_SESSION_HEADER = "x-session-id";

  private static final List<PluginSpec> DEFAULT_PLUGINS =
      List.of(
          PluginSpec.of("queue-depth"),
          PluginSpec.of("kv-cache-utilization"),
          PluginSpec.of("approximate-prefix"),
          PluginSpec.of("prefix-cache"),
          PluginSpec.of("inflight-requests"),
          PluginSpec.of("inflight-tokens"),
          PluginSpec.of("session-affinity"),
          PluginSpec.of("lora-affinity"),
          PluginSpec.of("max-score"),
          PluginSpec.of("pd-decider"));
  private static final List<ProfileSpec> DEFAULT_PROFILES =
      List.of(
          new ProfileSpec(DECODE_PROFILE, List.of(
              new PluginRef("queue-depth", 2),
              new PluginRef("kv-cache-utilization", 2),
              PluginRef.of("approximate-prefix"),
              new PluginRef("prefix-cache", 3),
              new PluginRef("inflight-requests", 2),
              new PluginRef("inflight-tokens", 1),
              new PluginRef("session-affinity", 6),
              new PluginRef("lora-affinity", 4),
              PluginRef.of("max-score"),
              PluginRef.of("pd-decider"))),
          new ProfileSpec(PREFILL_PROFILE, List.of(
              new PluginRef("queue-depth", 2),
              new PluginRef("inflight-tokens", 2),
              PluginRef.of("approximate-prefix"),
              new PluginRef("prefix-cache", 2),
              new PluginRef("inflight-requests", 1),
              PluginRef.of("max-score"))));

  /** Absent lists are empty; a section that sets neither list (only the header) gets the defaults. */
  public SchedulingConfig {
    if (plugins == null && schedulingProfiles == null) {
      plugins = DEFAULT_PLUGINS;
      schedulingProfiles = DEFAULT_PROFILES;
    }
    plugins = plugins == null ? List.of() : List.copyOf(plugins);
    schedulingProfiles = schedulingProfiles == null ? List.of() : List.copyOf(schedulingProfiles);
    sessionHeader = sessionHeader == null ? DEFAULT_SESSION_HEADER : sessionHeader;
  }

  /** Plugins and profiles with the default session header. */
  public SchedulingConfig(List<PluginSpec> plugins, List<ProfileSpec> schedulingProfiles) {
    this(plugins, schedulingProfiles, null);
  }

  /**
   * What Baton uses when the YAML has no {@code scheduling:} section. Decode weighs queue depth 2,
   * KV-cache utilisation 2, prefix affinity 3 (llm-d's defaults), plus Baton's own in-flight
   * requests 2 and tokens 1 (they move at once, between metric scrapes), session affinity 6 and LoRA
   * affinity 4, prefixes matched by the approximate index; the max-score picker; the {@code
   * pd-decider} with each pool's threshold. Prefill weighs queue depth 2, in-flight tokens 2, prefix
   * affinity 2 and in-flight requests 1. docs/scheduling.md explains the choice.
   */
  public static SchedulingConfig defaults() {
    return new SchedulingConfig(DEFAULT_PLUGINS, DEFAULT_PROFILES, null);
  }

  /** Whether the plugins and profiles are the defaults (only the session header may differ). */
  public boolean usesDefaultProfiles() {
    return plugins.equals(DEFAULT_PLUGINS) && schedulingProfiles.equals(DEFAULT_PROFILES);
  }

  /**
   * The same configuration with the {@code approximate-prefix} matcher swapped for {@code
   * precise-prefix-cache} (which falls back to the approximate index where no events flow): what
   * the defaults become when some pool subscribes to its engines' KV events.
   */
  public SchedulingConfig withPreciseMatcher() {
    String approximate = "approximate-prefix";
    String precise = "precise-prefix-cache";
    List<PluginSpec> swappedPlugins = plugins.stream()
        .map(p -> p.type().equals(approximate) && p.name().equals(approximate)
            ? PluginSpec.of(precise) : p)
        .toList();
    List<ProfileSpec> swappedProfiles = schedulingProfiles.stream()
        .map(profile -> new ProfileSpec(profile.name(), profile.plugins().stream()
            .map(ref -> ref.pluginRef().equals(approximate)
                ? new PluginRef(precise, ref.weight()) : ref)
            .toList()))
        .toList();
    return new SchedulingConfig(swappedPlugins, swappedProfiles, sessionHeader);
  }
}
