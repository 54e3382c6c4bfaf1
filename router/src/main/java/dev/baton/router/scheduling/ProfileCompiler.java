package dev.baton.router.scheduling;

import dev.baton.router.scheduling.config.PluginRef;
import dev.baton.router.scheduling.config.PluginSpec;
import dev.baton.router.scheduling.config.ProfileSpec;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.router.scheduling.config.SchedulingConfigException;
import dev.baton.router.scheduling.config.SchedulingProblem;
import dev.baton.router.scheduling.decider.PdDecider;
import dev.baton.router.scheduling.decider.PdDeciders;
import dev.baton.router.scheduling.matcher.ApproximatePrefixMatcher;
import dev.baton.router.scheduling.plugin.CandidateFilter;
import dev.baton.router.scheduling.plugin.Filter;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.Picker;
import dev.baton.router.scheduling.plugin.Plugin;
import dev.baton.router.scheduling.plugin.PluginFactory;
import dev.baton.router.scheduling.plugin.PluginRegistry;
import dev.baton.router.scheduling.plugin.PrefixMatcher;
import dev.baton.router.scheduling.plugin.Scorer;
import dev.baton.router.scheduling.scorer.PrefixCacheScorer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a {@link SchedulingConfig} into runnable profiles, collecting every problem (unknown type,
 * bad parameter, duplicate or dangling name, negative weight, missing or extra picker) before failing.
 */
final class ProfileCompiler {
  /** RFC 9110's token: the characters a header name may have. */
  private static final Pattern HTTP_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private final PluginRegistry registry;
  private final SchedulerState state;
  private final List<SchedulingProblem> problems = new ArrayList<>();
  /** Every plugin name declared, including ones that failed to build (already reported). */
  private final Set<String> declared = new HashSet<>();

  private ProfileCompiler(PluginRegistry registry, SchedulerState state) {
    this.registry = registry;
    this.state = state;
  }

  /** Profiles by name; throws {@link SchedulingConfigException} listing all problems. */
  static Map<String, CompiledProfile> compile(
      SchedulingConfig config, SchedulerState state, PluginRegistry registry) {
    ProfileCompiler compiler = new ProfileCompiler(registry, state);
    Map<String, Plugin> plugins = compiler.plugins(config.plugins());
    Map<String, CompiledProfile> profiles = compiler.profiles(config.schedulingProfiles(), plugins);
    boolean decodeDeclared = config.schedulingProfiles().stream()
        .anyMatch(p -> p != null && SchedulingConfig.DECODE_PROFILE.equals(p.name()));
    if (!HTTP_TOKEN.matcher(config.sessionHeader()).matches()) {
      compiler.problem("sessionHeader", "sessionHeader: '" + config.sessionHeader()
          + "' is not an HTTP header name");
    }
    if (!decodeDeclared) {
      compiler.problem("schedulingProfiles", "schedulingProfiles: a '"
          + SchedulingConfig.DECODE_PROFILE + "' profile is required");
    }
    if (!compiler.problems.isEmpty()) {
      throw new SchedulingConfigException(compiler.problems);
    }
    return profiles;
  }

  private void problem(String path, String message) {
    problems.add(new SchedulingProblem(path, message));
  }

  private Map<String, Plugin> plugins(List<PluginSpec> specs) {
    Map<String, Plugin> byName = new LinkedHashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      PluginSpec spec = specs.get(i);
      if (spec == null || spec.type() == null || spec.type().isBlank()) {
        problem("plugins[" + i + "]", "plugins[" + i + "]: 'type' is required");
        continue;
      }
      if (!declared.add(spec.name())) {
        problem("plugins[" + i + "]",
            "plugins[" + i + "]: duplicate plugin name '" + spec.name() + "'");
        continue;
      }
      Optional<PluginFactory> factory = registry.factory(spec.type());
      if (factory.isEmpty()) {
        problem("plugins[" + i + "]", "plugin '" + spec.name() + "': unknown type '" + spec.type()
            + "' (known: "
            + String.join(", ", registry.types()) + ")");
        continue;
      }
      try {
        Parameters parameters = new Parameters(spec.name(), spec.type(), spec.parameters());
        Plugin plugin = factory.get().create(parameters, state);
        parameters.rejectUnknownKeys();
        byName.put(spec.name(), plugin);
      } catch (IllegalArgumentException e) {
        problem("plugins[" + i + "]", e.getMessage());
      }
    }
    return byName;
  }

  private Map<String, CompiledProfile> profiles(
      List<ProfileSpec> specs, Map<String, Plugin> plugins) {
    Map<String, CompiledProfile> byName = new LinkedHashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      ProfileSpec spec = specs.get(i);
      String name = spec == null ? null : spec.name();
      if (!SchedulingConfig.DECODE_PROFILE.equals(name)
          && !SchedulingConfig.PREFILL_PROFILE.equals(name)) {
        problem("schedulingProfiles[" + i + "]", "schedulingProfiles[" + i
            + "]: profile name must be '"
            + SchedulingConfig.DECODE_PROFILE + "' or '" + SchedulingConfig.PREFILL_PROFILE
            + "', got '" + name + "'");
        continue;
      }
      if (byName.containsKey(name)) {
        problem("schedulingProfiles[" + i + "]",
            "schedulingProfiles[" + i + "]: duplicate profile '" + name + "'");
        continue;
      }
      CompiledProfile profile = profile(spec, "schedulingProfiles[" + i + "]", plugins);
      if (profile != null) {
        byName.put(name, profile);
      }
    }
    return byName;
  }

  private CompiledProfile profile(ProfileSpec spec, String at, Map<String, Plugin> plugins) {
    String where = "profile '" + spec.name() + "'";
    List<Filter> filters = new ArrayList<>();
    List<String> filterNames = new ArrayList<>();
    List<PrefixMatcher> matchers = new ArrayList<>();
    List<CandidateFilter> candidateFilters = new ArrayList<>();
    List<Scorer> scorers = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    List<Picker> pickers = new ArrayList<>();
    List<PdDecider> deciders = new ArrayList<>();
    Set<String> referenced = new HashSet<>();
    int before = problems.size();
    for (int j = 0; j < spec.plugins().size(); j++) {
      PluginRef ref = spec.plugins().get(j);
      String refAt = at + ".plugins[" + j + "]";
      String refName = ref == null ? null : ref.pluginRef();
      if (refName == null) {
        problem(refAt, where + ": an entry has no 'pluginRef'");
        continue;
      }
      if (!referenced.add(refName)) {
        problem(refAt, where + ": plugin '" + refName + "' is referenced twice");
        continue;
      }
      if (!(ref.weight() >= 0) || Double.isInfinite(ref.weight())) {
        problem(refAt, where + ": plugin '" + refName + "' has weight " + ref.weight()
            + "; weights must be finite and >= 0");
        continue;
      }
      Plugin plugin = plugins.get(refName);
      if (plugin == null) {
        if (declared.contains(refName)) {
          continue; // it failed to build; that problem is already listed
        }
        problem(refAt, where + ": pluginRef '" + refName + "' names no entry of 'plugins'");
        continue;
      }
      if (plugin instanceof Filter filter) {
        filters.add(filter);
        filterNames.add(refName);
      }
      if (plugin instanceof PrefixMatcher matcher) {
        matchers.add(matcher);
      }
      if (plugin instanceof CandidateFilter candidateFilter) {
        candidateFilters.add(candidateFilter);
      }
      if (plugin instanceof Scorer scorer) {
        scorers.add(scorer);
        weights.add(ref.weight());
      }
      if (plugin instanceof Picker picker) {
        pickers.add(picker);
      }
      if (plugin instanceof PdDecider decider) {
        deciders.add(decider);
      }
    }
    if (!deciders.isEmpty() && !SchedulingConfig.DECODE_PROFILE.equals(spec.name())) {
      problem(at, where + ": a pd-decider belongs in the '" + SchedulingConfig.DECODE_PROFILE
          + "' profile, which decides the split");
    } else if (deciders.size() > 1) {
      problem(at, where + ": has " + deciders.size() + " pd-deciders; at most one is allowed");
    }
    if (pickers.isEmpty()) {
      problem(at, where + ": needs a picker (e.g. max-score)");
    } else if (pickers.size() > 1) {
      problem(at, where + ": has " + pickers.size() + " pickers; exactly one is allowed");
    }
    if (problems.size() > before) {
      return null;
    }
    if (matchers.isEmpty() && scorers.stream().anyMatch(PrefixCacheScorer.class::isInstance)) {
      // Configs written before matchers were plugins: prefix-cache then came with its own index.
      matchers.add(ApproximatePrefixMatcher.withDefaults(state));
    }
    return new CompiledProfile(
        spec.name(),
        filters.toArray(Filter[]::new),
        filterNames.toArray(String[]::new),
        matchers.toArray(PrefixMatcher[]::new),
        candidateFilters.toArray(CandidateFilter[]::new),
        scorers.toArray(Scorer[]::new),
        weights.stream().mapToDouble(Double::doubleValue).toArray(),
        pickers.get(0),
        deciders.isEmpty() ? PdDeciders.POOL_THRESHOLD : deciders.get(0));
  }
}
