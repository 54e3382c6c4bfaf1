package dev.baton.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key of a YAML document is, by key path ({@code pools[0].endpoints[1].role}), so every
 * configuration error can name a line and column even when it is found after binding. A key maps to
 * the position of the key itself; a list element to the position of its first token.
 */
final class YamlLocations {
  private static final YAMLFactory YAML = new YAMLFactory();

  private final Map<String, JsonLocation> byPath;

  private YamlLocations(Map<String, JsonLocation> byPath) {
    this.byPath = byPath;
  }

  /** Reads the positions; text that is not YAML gives what was read before the syntax error. */
  static YamlLocations of(String yaml) {
    Map<String, JsonLocation> map = new HashMap<>();
    try (JsonParser p = YAML.createParser(yaml)) {
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME) {
          map.put(path(p.getParsingContext()), p.currentTokenLocation());
        } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          // The new container's own context names no child yet: its path is where it sits.
          map.putIfAbsent(path(p.getParsingContext().getParent()), p.currentTokenLocation());
        } else if (!token.isStructEnd()) {
          map.putIfAbsent(path(p.getParsingContext()), p.currentTokenLocation());
        }
      }
    } catch (IOException e) {
      // The syntax error itself is reported by the binding step, with its own location.
    }
    return new YamlLocations(map);
  }

  /**
   * The {@code line:column} of a key path, or of its nearest ancestor that is written in the file
   * (a missing key is reported where its section is); {@code 1:1} when none is.
   */
  String lineColumn(String path) {
    String p = path;
    while (true) {
      JsonLocation at = byPath.get(p);
      if (at != null) {
        return at.getLineNr() + ":" + at.getColumnNr();
      }
      if (p.isEmpty()) {
        return "1:1";
      }
      p = parent(p);
    }
  }

  static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  /** The key path of a parser context, in the form error messages use. */
  static String path(JsonStreamContext ctx) {
    if (ctx == null || ctx.inRoot()) {
      return "";
    }
    String base = path(ctx.getParent());
    if (ctx.inObject()) {
      String name = ctx.getCurrentName();
      return name == null ? base : base.isEmpty() ? name : base + "." + name;
    }
    int index = ctx.getCurrentIndex();
    return index < 0 ? base : base + "[" + index + "]";
  }
}
