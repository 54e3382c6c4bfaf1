package dev.baton.router.scheduling.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One plugin's {@code parameters} object with typed, range-checked getters. Every error names the
 * plugin, its type and the key, so an operator can find the line in YAML. Keys no getter asked for
 * are rejected by {@link #rejectUnknownKeys()} (usually a typo that would otherwise be ignored).
 */
public final class Parameters {
  private final String pluginName;
  private final String type;
  private final JsonNode node;
  private final Set<String> read = new HashSet<>();

  /** @param node the parameters object; null or JSON null means "no parameters" */
  public Parameters(String pluginName, String type, JsonNode node) {
    this.pluginName = pluginName;
    this.type = type;
    this.node = node == null || node.isNull() || node.isMissingNode() ? null : node;
    if (this.node != null && !this.node.isObject()) {
      throw error("parameters must be an object");
    }
  }

  public String pluginName() {
    return pluginName;
  }

  public String type() {
    return type;
  }

  /** An integer in [min, max], or {@code defaultValue} when absent. */
  public int intValue(String key, int defaultValue, int min, int max) {
    return (int) longValue(key, defaultValue, min, max);
  }

  /** A whole number in [min, max], or {@code defaultValue} when absent. */
  public long longValue(String key, long defaultValue, long min, long max) {
    JsonNode value = get(key);
    if (value == null) {
      return defaultValue;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()
        || value.asLong() < min || value.asLong() > max) {
      throw error("parameter '" + key + "' must be a whole number in [" + min + ", " + max
          + "], got " + value);
    }
    return value.asLong();
  }

  /** A finite number in [min, max], or {@code defaultValue} when absent. */
  public double doubleValue(String key, double defaultValue, double min, double max) {
    JsonNode value = get(key);
    if (value == null) {
      return defaultValue;
    }
    if (!value.isNumber() || !Double.isFinite(value.asDouble())
        || value.asDouble() < min || value.asDouble() > max) {
      throw error("parameter '" + key + "' must be a number in [" + min + ", " + max + "], got "
          + value);
    }
    return value.asDouble();
  }

  /** One of {@code allowed} (spelled exactly), or {@code defaultValue} when absent. */
  public String choice(String key, String defaultValue, List<String> allowed) {
    JsonNode value = get(key);
    if (value == null) {
      return defaultValue;
    }
    if (!value.isTextual() || !allowed.contains(value.asText())) {
      throw error("parameter '" + key + "' must be one of " + allowed + ", got " + value);
    }
    return value.asText();
  }

  /** Whether the key is present (and not null); does not count as reading it. */
  public boolean has(String key) {
    return node != null && node.hasNonNull(key);
  }

  /** A map of strings to strings (e.g. labels); empty when absent. */
  public Map<String, String> stringMap(String key) {
    JsonNode value = get(key);
    if (value == null) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw error("parameter '" + key + "' must be a map of strings, got " + value);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getValue().isTextual()) {
        throw error("parameter '" + key + "." + field.getKey() + "' must be a string, got "
            + field.getValue());
      }
      out.put(field.getKey(), field.getValue().asText());
    }
    return out;
  }

  /** Fails on any key no getter has read. Called by the config compiler after the factory ran. */
  public void rejectUnknownKeys() {
    if (node == null) {
      return;
    }
    List<String> unknown = new ArrayList<>();
    node.fieldNames().forEachRemaining(key -> {
      if (!read.contains(key)) {
        unknown.add(key);
      }
    });
    if (!unknown.isEmpty()) {
      throw error("unknown parameter" + (unknown.size() > 1 ? "s " : " ") + unknown);
    }
  }

  /** An error that names this plugin, for a factory's own checks. */
  public IllegalArgumentException error(String message) {
    return new IllegalArgumentException(
        "plugin '" + pluginName + "' (type " + type + "): " + message);
  }

  private JsonNode get(String key) {
    read.add(key);
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? null : value;
  }
}
