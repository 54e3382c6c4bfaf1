package dev.baton.server.tune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.router.scheduling.config.PluginRef;
import dev.baton.router.scheduling.config.PluginSpec;
import dev.baton.router.scheduling.config.ProfileSpec;
import dev.baton.router.scheduling.config.SchedulingConfig;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a scheduling section as the {@code scheduling:} YAML an operator pastes into baton.yaml,
 * in the flow style of docs/scheduling.md: one line per plugin and per reference.
 */
public final class SchedulingYaml {

  private SchedulingYaml() {}

  public static String render(SchedulingConfig config) {
    StringBuilder yaml = new StringBuilder("scheduling:\n");
    if (!config.sessionHeader().equals(SchedulingConfig.DEFAULT_SESSION_HEADER)) {
      yaml.append("  sessionHeader: ").append(scalar(config.sessionHeader())).append('\n');
    }
    yaml.append("  plugins:\n");
    for (PluginSpec plugin : config.plugins()) {
      yaml.append("    - {");
      if (!plugin.name().equals(plugin.type())) {
        yaml.append("name: ").append(scalar(plugin.name())).append(", ");
      }
      yaml.append("type: ").append(scalar(plugin.type()));
      if (plugin.parameters() != null && !plugin.parameters().isEmpty()) {
        yaml.append(", parameters: ").append(flow(plugin.parameters()));
      }
      yaml.append("}\n");
    }
    yaml.append("  schedulingProfiles:\n");
    for (ProfileSpec profile : config.schedulingProfiles()) {
      yaml.append("    - name: ").append(scalar(profile.name())).append('\n');
      yaml.append("      plugins:\n");
      for (PluginRef ref : profile.plugins()) {
        yaml.append("        - {pluginRef: ").append(scalar(ref.pluginRef()));
        if (ref.weight() != 1.0) {
          yaml.append(", weight: ").append(number(ref.weight()));
        }
        yaml.append("}\n");
      }
    }
    return yaml.toString();
  }

  /** A parameters node in flow style; JSON is valid YAML, so nested values are written as JSON. */
  private static String flow(JsonNode node) {
    if (!node.isObject()) {
      return node.toString();
    }
    StringBuilder out = new StringBuilder("{");
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      out.append(scalar(field.getKey())).append(": ");
      JsonNode value = field.getValue();
      out.append(value.isNumber() ? number(value.doubleValue())
          : value.isTextual() ? scalar(value.textValue()) : flow(value));
      if (fields.hasNext()) {
        out.append(", ");
      }
    }
    return out.append('}').toString();
  }

  /** 2 rather than 2.0, 0.35 rather than 0.35000000000000003. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }

  /** Plugin names and types are plain words; anything else is quoted as JSON. */
  private static String scalar(String text) {
    return text.matches("[A-Za-z0-9][A-Za-z0-9_.-]*") ? text
        : com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
  }
}
