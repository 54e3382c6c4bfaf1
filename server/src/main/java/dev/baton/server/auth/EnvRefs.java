package dev.baton.server.auth;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} references to environment variables in secrets taken from YAML, so keys
 * can live in a Kubernetes Secret rather than in the config file.
 */
public final class EnvRefs {
  private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private EnvRefs() {}

  /** Expands every reference; an unset variable is an error (a silently empty key would be worse). */
  public static String expand(String value) {
    return expand(value, System.getenv());
  }

  static String expand(String value, Map<String, String> env) {
    if (value == null) {
      return null;
    }
    Matcher m = REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      if (v == null) {
        throw new IllegalArgumentException("environment variable " + m.group(1) + " is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }
}
