package dev.baton.server.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.transfer.call.WorkerPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the {@code policies:} section in the YAML tree before binding, so each named set binds
 * straight into {@link WorkerPolicy} with every key filled in. Inheritance is key by key, in the
 * shape of resilience4j's {@code configs} + {@code baseConfig}: built-in defaults, then the top-level
 * {@code timeouts:} and {@code resilience:} sections, then {@code policies.default}, then each set
 * over its {@code baseConfig} ({@code default} when it names none). Every key is checked where it is
 * written, so a mistake is reported once, at its own line, however many sets inherit it; a bad key
 * falls back to what the set inherits, so checking goes on.
 */
final class PolicySets {
  static final String DEFAULT = "default";
  /** The prefix of the set made from a pool's inline {@code policy} mapping. */
  static final String INLINE = "pool:";
  private static final String BASE = "baseConfig";

  private final ObjectMapper yaml;
  private final List<ConfigProblem> problems;
  private final ObjectNode declared;
  private final Map<String, ObjectNode> resolved = new LinkedHashMap<>();
  private final List<String> resolving = new ArrayList<>();

  private PolicySets(ObjectMapper yaml, List<ConfigProblem> problems, ObjectNode declared) {
    this.yaml = yaml;
    this.problems = problems;
    this.declared = declared;
  }

  /**
   * Rewrites {@code root} so that {@code policies} holds every set fully resolved (with
   * {@code default} always present) and {@code timeouts}/{@code resilience} hold the default set's
   * values. Problems are added with the key path where they are written.
   */
  static void resolve(ObjectNode root, ObjectMapper yaml, List<ConfigProblem> problems) {
    JsonNode policies = root.path("policies");
    ObjectNode declared = yaml.createObjectNode();
    if (policies.isObject()) {
      declared = (ObjectNode) policies;
    } else if (!policies.isMissingNode() && !policies.isNull()) {
      problems.add(new ConfigProblem("policies", "expected a mapping of policy names to policies"));
    }
    PolicySets sets = new PolicySets(yaml, problems, declared);
    ObjectNode builtIn = yaml.valueToTree(WorkerPolicy.DEFAULTS);
    ObjectNode legacy = sets.layer(builtIn, Map.of(
        "timeouts", new Written("timeouts", root.get("timeouts")),
        "retry", new Written("resilience.retry", sets.resilience(root).get("retry")),
        "breaker", new Written("resilience.breaker", sets.resilience(root).get("breaker"))));
    sets.resolved.put(DEFAULT, sets.own("policies." + DEFAULT, declared.get(DEFAULT), legacy, true));
    declared.fieldNames().forEachRemaining(sets::resolve);
    ObjectNode out = yaml.createObjectNode();
    out.set(DEFAULT, sets.resolved.get(DEFAULT));
    declared.fieldNames().forEachRemaining(name -> out.set(name, sets.resolved.get(name)));
    // A pool's inline policy is a set of its own, named after the pool, that the pool then names.
    JsonNode pools = root.path("pools");
    for (int i = 0; pools.isArray() && i < pools.size(); i++) {
      JsonNode inline = pools.get(i).path("policy");
      if (inline.isObject()) {
        String name = INLINE + pools.get(i).path("name").asText("pools[" + i + "]");
        out.set(name, sets.overBase("pools[" + i + "].policy", inline));
        ((ObjectNode) pools.get(i)).put("policy", name);
      }
    }
    root.set("policies", out);
    ObjectNode theDefault = sets.resolved.get(DEFAULT);
    root.set("timeouts", theDefault.get("timeouts"));
    ObjectNode resilience = yaml.createObjectNode();
    resilience.set("breaker", theDefault.get("breaker"));
    resilience.set("retry", theDefault.get("retry"));
    root.set("resilience", resilience);
  }

  /** A section as written in the file: where, and its node (null when absent). */
  private record Written(String path, JsonNode node) {}

  private Map<String, JsonNode> resilience(ObjectNode root) {
    JsonNode node = root.get("resilience");
    Map<String, JsonNode> sections = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return sections;
    }
    if (!node.isObject()) {
      problems.add(new ConfigProblem("resilience", "expected a mapping of keys (breaker, retry)"));
      return sections;
    }
    node.fields().forEachRemaining(f -> {
      if (f.getKey().equals("breaker") || f.getKey().equals("retry")) {
        sections.put(f.getKey(), f.getValue());
      } else {
        problems.add(new ConfigProblem("resilience." + f.getKey(),
            "unknown key `" + f.getKey() + "` (known here: breaker, retry)"));
      }
    });
    return sections;
  }

  private ObjectNode resolve(String name) {
    ObjectNode done = resolved.get(name);
    if (done != null) {
      return done;
    }
    String at = "policies." + name;
    if (resolving.contains(name)) {
      problems.add(new ConfigProblem(at + "." + BASE, "baseConfig cycle: "
          + String.join(" -> ", resolving) + " -> " + name));
      return resolved.get(DEFAULT);
    }
    resolving.add(name);
    ObjectNode result = overBase(at, declared.get(name));
    resolving.remove(name);
    resolved.put(name, result);
    return result;
  }

  /** The set written at {@code at} over the set its {@code baseConfig} names ({@code default}). */
  private ObjectNode overBase(String at, JsonNode set) {
    ObjectNode base = resolved.get(DEFAULT);
    JsonNode baseName = set == null ? null : set.path(BASE);
    if (baseName != null && !baseName.isMissingNode() && !baseName.isNull()) {
      if (!baseName.isTextual() || !declared.has(baseName.asText())
          && !DEFAULT.equals(baseName.asText())) {
        problems.add(new ConfigProblem(at + "." + BASE, "unknown policy `" + baseName.asText()
            + "` (known: " + known() + ")"));
      } else {
        base = resolve(baseName.asText());
      }
    }
    return own(at, set, base, false);
  }

  /** The set written at {@code at}, over {@code base}. */
  private ObjectNode own(String at, JsonNode set, ObjectNode base, boolean isDefault) {
    if (set == null || set.isNull()) {
      return base;
    }
    if (!set.isObject()) {
      problems.add(new ConfigProblem(at, "expected a mapping of keys (baseConfig, breaker, retry,"
          + " timeouts)"));
      return base;
    }
    Map<String, Written> sections = new LinkedHashMap<>();
    set.fields().forEachRemaining(f -> {
      if (PolicySections.TYPES.containsKey(f.getKey())) {
        sections.put(f.getKey(), new Written(at + "." + f.getKey(), f.getValue()));
      } else if (f.getKey().equals(BASE)) {
        if (isDefault) {
          problems.add(new ConfigProblem(at + "." + BASE, "the default set inherits from the"
              + " top-level timeouts and resilience sections only"));
        }
      } else {
        problems.add(new ConfigProblem(at + "." + f.getKey(), "unknown key `" + f.getKey()
            + "` (known here: baseConfig, breaker, retry, timeouts)"));
      }
    });
    return layer(base, sections);
  }

  /** {@code base} with the written sections laid over it, key by key, each key checked. */
  private ObjectNode layer(ObjectNode base, Map<String, Written> written) {
    ObjectNode out = base.deepCopy();
    written.forEach((section, w) -> {
      if (w.node() == null || w.node().isNull()) {
        return;
      }
      Class<? extends Record> type = PolicySections.TYPES.get(section);
      if (!w.node().isObject()) {
        problems.add(new ConfigProblem(w.path(), "expected a mapping of keys ("
            + String.join(", ", PolicySections.keys(type)) + ")"));
        return;
      }
      ObjectNode merged = ((ObjectNode) out.get(section)).deepCopy();
      w.node().fields().forEachRemaining(f -> {
        String keyAt = w.path() + "." + f.getKey();
        Class<?> valueType = PolicySections.componentType(type, f.getKey());
        if (valueType == null) {
          problems.add(new ConfigProblem(keyAt, "unknown key `" + f.getKey() + "` (known here: "
              + String.join(", ", PolicySections.keys(type)) + ")"));
        } else if (!f.getValue().isNull() && valid(keyAt, section, f.getValue(), valueType)) {
          merged.set(f.getKey(), f.getValue());
        }
      });
      try {
        // The record's own range checks, on the whole section.
        yaml.treeToValue(merged, type);
        out.set(section, merged);
      } catch (JsonMappingException e) {
        problems.add(new ConfigProblem(w.path(), BindingErrors.message(e)));
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        problems.add(new ConfigProblem(w.path(), e.getOriginalMessage()));
      }
    });
    return out;
  }

  private boolean valid(String at, String section, JsonNode value, Class<?> type) {
    Object bound;
    try {
      bound = yaml.treeToValue(value, type);
    } catch (JsonMappingException e) {
      problems.add(new ConfigProblem(at, BindingErrors.message(e)));
      return false;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      problems.add(new ConfigProblem(at, e.getOriginalMessage()));
      return false;
    }
    // Waiting zero or less on a worker means never waiting: no timeout may be that.
    if (section.equals("timeouts") && bound instanceof Duration d && (d.isZero() || d.isNegative())) {
      problems.add(new ConfigProblem(at, "must be > 0"));
      return false;
    }
    return true;
  }

  private String known() {
    List<String> names = new ArrayList<>(List.of(DEFAULT));
    declared.fieldNames().forEachRemaining(n -> {
      if (!n.equals(DEFAULT)) {
        names.add(n);
      }
    });
    return String.join(", ", names);
  }
}
