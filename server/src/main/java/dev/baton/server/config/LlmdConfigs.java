package dev.baton.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.router.scheduling.config.SchedulingConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads an llm-d {@code EndpointPickerConfig} file ({@code apiVersion:
 * inference.networking.x-k8s.io/v1alpha1}) as a Baton {@code scheduling} section: {@code
 * scheduling: {llmdConfig: path}} or {@code pools[].scheduling: {llmdConfig: path}}. Its plugins are
 * mapped to Baton's ({@link LlmdPlugin}), its profile handler decides which profile is decode and
 * which prefill. Anything Baton cannot run is an error at its own line of the llm-d file, never
 * silently dropped.
 */
final class LlmdConfigs {
  static final String API_VERSION = "inference.networking.x-k8s.io/v1alpha1";
  static final String KIND = "EndpointPickerConfig";
  static final String KEY = "llmdConfig";

  private final String file;
  private final YamlLocations locations;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final String at;

  private LlmdConfigs(String file, String text, String at) {
    this.file = file;
    this.locations = YamlLocations.of(text);
    this.at = at;
  }

  /**
   * Replaces every {@code llmdConfig} of {@code tree} (the global section's and each pool's) with
   * the plugins and profiles of the file it names, read relative to {@code source}'s directory.
   */
  static void resolve(ObjectNode tree, String source, ObjectMapper yaml,
      List<ConfigProblem> problems) {
    Path base = Path.of(source).toAbsolutePath().getParent();
    resolveSection(tree, "scheduling", "scheduling", base, yaml, problems);
    JsonNode pools = tree.path("pools");
    for (int i = 0; i < pools.size(); i++) {
      if (pools.get(i) instanceof ObjectNode pool) {
        resolveSection(pool, "scheduling", "pools[" + i + "].scheduling", base, yaml, problems);
      }
    }
  }

  private static void resolveSection(ObjectNode parent, String key, String path, Path base,
      ObjectMapper yaml, List<ConfigProblem> problems) {
    if (!(parent.get(key) instanceof ObjectNode section) || !section.has(KEY)) {
      return;
    }
    JsonNode named = section.remove(KEY);
    String at = path + "." + KEY;
    if (section.has("plugins") || section.has("schedulingProfiles")) {
      problems.add(new ConfigProblem(at,
          "llmdConfig gives the plugins and profiles; write it or them, not both"));
      return;
    }
    if (!named.isTextual()) {
      problems.add(new ConfigProblem(at, "must be the path of an EndpointPickerConfig file"));
      return;
    }
    Path file = base == null ? Path.of(named.asText()) : base.resolve(named.asText());
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      problems.add(new ConfigProblem(at, "cannot read " + file + ": " + e.getMessage()));
      return;
    }
    LlmdConfigs translation = new LlmdConfigs(file.toString(), text, at);
    ObjectNode translated = translation.translate(text, yaml);
    problems.addAll(translation.problems);
    if (translation.problems.isEmpty()) {
      section.setAll(translated);
    }
  }

  /** Reads a whole file as a scheduling section ({@code baton serve --epp-config}). */
  static SchedulingConfig load(Path file, ObjectMapper yaml) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    LlmdConfigs translation = new LlmdConfigs(file.toString(), text, "");
    ObjectNode translated = translation.translate(text, yaml);
    if (!translation.problems.isEmpty()) {
      throw new ConfigException(translation.problems.stream()
          .map(p -> p.location() + ": " + p.message()).toList());
    }
    try {
      return yaml.treeToValue(translated, SchedulingConfig.class);
    } catch (JacksonException e) {
      throw new ConfigException(file + ": " + e.getOriginalMessage(), e);
    }
  }

  private void problem(String llmdPath, String message) {
    problems.add(new ConfigProblem(at, (llmdPath.isEmpty() ? "" : llmdPath + ": ") + message,
        file + ":" + locations.lineColumn(llmdPath)));
  }

  private ObjectNode translate(String text, ObjectMapper yaml) {
    ObjectNode out = yaml.createObjectNode();
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (JacksonException e) {
      problem("", "invalid YAML: " + e.getOriginalMessage());
      return out;
    }
    if (!(root instanceof ObjectNode config)) {
      problem("", "an EndpointPickerConfig must be a mapping");
      return out;
    }
    if (!API_VERSION.equals(config.path("apiVersion").asText())) {
      problem("apiVersion", "expected `" + API_VERSION + "`");
    }
    if (!KIND.equals(config.path("kind").asText())) {
      problem("kind", "expected `" + KIND + "`");
    }
    config.fieldNames().forEachRemaining(k -> {
      if (!List.of("apiVersion", "kind", "plugins", "schedulingProfiles").contains(k)) {
        problem(k, "`" + k + "` is not supported by Baton (it maps plugins and schedulingProfiles)");
      }
    });
    Map<String, LlmdPlugin> byName = new HashMap<>();
    List<String> pluginPaths = new ArrayList<>();
    ArrayNode plugins = out.putArray("plugins");
    LlmdPlugin.Handler handler = null;
    JsonNode declared = config.path("plugins");
    for (int i = 0; i < declared.size(); i++) {
      JsonNode entry = declared.get(i);
      String where = "plugins[" + i + "]";
      String type = entry.path("type").asText("");
      if (type.isEmpty()) {
        problem(where, "`type` is required");
        continue;
      }
      String name = entry.path("name").asText(type);
      try {
        LlmdPlugin mapped = LlmdPlugin.of(name, type, entry.get("parameters"));
        byName.put(name, mapped);
        for (ObjectNode spec : mapped.plugins()) {
          plugins.add(spec);
          pluginPaths.add(where);
        }
        if (mapped.handler() != null) {
          if (handler != null) {
            problem(where, "a second profile handler; llm-d runs one");
          }
          handler = mapped.handler();
        }
      } catch (LlmdPlugin.Unsupported e) {
        problem(where + "." + e.key, e.getMessage());
      }
    }
    List<String> profilePaths = new ArrayList<>();
    profiles(config.path("schedulingProfiles"), byName, handler, out, plugins, pluginPaths,
        profilePaths);
    if (problems.isEmpty()) {
      check(out, yaml, pluginPaths, profilePaths);
    }
    return out;
  }

  private void profiles(JsonNode declared, Map<String, LlmdPlugin> byName,
      LlmdPlugin.Handler handler, ObjectNode out, ArrayNode plugins, List<String> pluginPaths,
      List<String> profilePaths) {
    ArrayNode profiles = out.putArray("schedulingProfiles");
    for (int i = 0; i < declared.size(); i++) {
      JsonNode entry = declared.get(i);
      String where = "schedulingProfiles[" + i + "]";
      String name = entry.path("name").asText("");
      String baton = batonProfile(name, handler, declared.size());
      if (baton == null) {
        problem(where + ".name", "profile `" + name + "` is neither the decode nor the prefill "
            + "profile of the profile handler"
            + (handler == null ? " (no profile handler: one profile, which decodes)" : ""));
        continue;
      }
      ObjectNode profile = profiles.addObject().put("name", baton);
      ArrayNode refs = profile.putArray("plugins");
      JsonNode used = entry.path("plugins");
      boolean picker = false;
      for (int j = 0; j < used.size(); j++) {
        String ref = used.get(j).path("pluginRef").asText("");
        LlmdPlugin plugin = byName.get(ref);
        if (plugin == null) {
          problem(where + ".plugins[" + j + "]", "pluginRef `" + ref
              + "` names no entry of plugins");
          continue;
        }
        for (String batonRef : plugin.refs()) {
          ObjectNode r = refs.addObject().put("pluginRef", batonRef);
          if (batonRef.equals(plugin.weighted()) && used.get(j).has("weight")) {
            r.set("weight", used.get(j).get("weight"));
          }
        }
        picker |= plugin.plugins().stream().anyMatch(p -> p.path("type").asText()
            .matches("max-score|weighted-random"));
      }
      if (!picker) {
        // llm-d's default picker when a profile names none.
        String implicit = "max-score-picker";
        if (!byName.containsKey(implicit)) {
          byName.put(implicit, null);
          plugins.add(LlmdPlugin.spec(implicit, "max-score", out.objectNode()));
          pluginPaths.add("plugins");
        }
        refs.addObject().put("pluginRef", implicit);
      }
      if (handler != null && baton.equals(SchedulingConfig.DECODE_PROFILE)) {
        refs.addObject().put("pluginRef", handler.decider());
      }
      profilePaths.add(where);
    }
  }

  /** Baton's profile for llm-d profile {@code name}: decode, prefill, or null when it is neither. */
  private static String batonProfile(String name, LlmdPlugin.Handler handler, int profiles) {
    if (handler == null || handler.decodeProfile() == null) {
      return profiles == 1 ? SchedulingConfig.DECODE_PROFILE : null;
    }
    if (name.equals(handler.decodeProfile())) {
      return SchedulingConfig.DECODE_PROFILE;
    }
    return name.equals(handler.prefillProfile()) ? SchedulingConfig.PREFILL_PROFILE : null;
  }

  /** Compiles the translation, reporting a bad value at the llm-d entry it came from. */
  private void check(ObjectNode translated, ObjectMapper yaml, List<String> pluginPaths,
      List<String> profilePaths) {
    try {
      ProfileScheduler.create(yaml.treeToValue(translated, SchedulingConfig.class),
          SchedulerState.create());
    } catch (SchedulingConfigException e) {
      SchedulingEntryPaths paths = new SchedulingEntryPaths(pluginPaths, profilePaths);
      e.located().forEach(p -> problem(paths.of(p.path(), ""), p.message()));
    } catch (JacksonException e) {
      problem("", e.getOriginalMessage());
    }
  }
}
