package dev.baton.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in the string values of a parsed configuration
 * with environment variables ({@code $${...}} stays literal). Keys and comments are left alone. A
 * value that was only a reference takes the type YAML would give the text ({@code port: ${PORT}}
 * becomes a number), so numbers and booleans can come from the environment too.
 */
final class EnvSubstitution {
  private static final Pattern REF =
      Pattern.compile("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Function<String, String> env;
  private final ObjectMapper yaml;

  EnvSubstitution(Function<String, String> env, ObjectMapper yaml) {
    this.env = env;
    this.yaml = yaml;
  }

  /** Substitutes in place; each unset variable without a default is a problem at its key. */
  void apply(JsonNode node, String path, List<ConfigProblem> problems) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        JsonNode replaced = replace(field.getValue(), at, problems);
        if (replaced != null && replaced.isMissingNode()) {
          // Reported once here; binding then sees the key as absent instead of failing on "".
          fields.remove();
        } else if (replaced != null) {
          field.setValue(replaced);
        } else {
          apply(field.getValue(), at, problems);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String at = path + "[" + i + "]";
        JsonNode replaced = replace(array.get(i), at, problems);
        if (replaced != null) {
          array.set(i, replaced.isMissingNode() ? NullNode.getInstance() : replaced);
        } else {
          apply(array.get(i), at, problems);
        }
      }
    }
  }

  /**
   * The substituted node for a string with references, else null; a missing node when a variable
   * is unset and has no default.
   */
  private JsonNode replace(JsonNode node, String path, List<ConfigProblem> problems) {
    if (!node.isTextual() || !node.textValue().contains("${")) {
      return null;
    }
    String text = node.textValue();
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    boolean whole = false;
    boolean unset = false;
    while (m.find()) {
      String value;
      if (!m.group(1).isEmpty()) {
        value = m.group().substring(1);
      } else {
        value = env.apply(m.group(2));
        if (value == null) {
          value = m.group(3);
        }
        if (value == null) {
          problems.add(new ConfigProblem(path, "environment variable " + m.group(2)
              + " is not set and has no default (write ${" + m.group(2) + ":-default})"));
          value = "";
          unset = true;
        }
        whole = m.start() == 0 && m.end() == text.length();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    if (unset) {
      return MissingNode.getInstance();
    }
    String result = out.toString();
    return whole ? typed(result) : TextNode.valueOf(result);
  }

  /** The scalar YAML would read from the text: a number, a boolean, or the text itself. */
  private JsonNode typed(String text) {
    try {
      JsonNode scalar = yaml.readTree(text);
      if (scalar != null && (scalar.isNumber() || scalar.isBoolean())) {
        return scalar;
      }
    } catch (Exception e) {
      // Not a scalar on its own (e.g. "a: b"): keep the text.
    }
    return TextNode.valueOf(text);
  }
}
