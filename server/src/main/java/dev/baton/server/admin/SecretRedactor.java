package dev.baton.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Replaces secrets in a JSON tree with {@code "***"}: the value of any key whose last word names a
 * secret ({@code token}, {@code apiKey}, {@code client_secret}, {@code password}...) and the user
 * part of URLs ({@code http://user:pass@host}). Words are split at camelCase, {@code _}, {@code -}
 * and {@code .}; only the last word decides, so {@code uncachedTokenThreshold} or {@code maxTokens}
 * stay readable while {@code bearerToken} does not.
 */
final class SecretRedactor {

  static final String MASK = "***";

  private static final Set<String> SECRET_WORDS =
      Set.of("token", "key", "apikey", "secret", "password", "passwd", "pwd", "passphrase",
          "credential", "credentials", "authorization");

  private SecretRedactor() {}

  /** Redacts {@code node} in place and returns it. */
  static JsonNode redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = object.get(name);
        if (isSecretKey(name) && !value.isNull()) {
          object.put(name, MASK);
        } else {
          object.set(name, redact(value));
        }
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, redact(array.get(i)));
      }
      return array;
    }
    if (node.isTextual() && node.textValue().contains("@")) {
      return TextNode.valueOf(withoutUserInfo(node.textValue()));
    }
    return node;
  }

  static boolean isSecretKey(String key) {
    String[] words = key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").split("[\\s_.\\-]+");
    return words.length > 0 && SECRET_WORDS.contains(words[words.length - 1].toLowerCase(Locale.ROOT));
  }

  static String withoutUserInfo(String text) {
    try {
      URI uri = new URI(text);
      if (uri.getRawUserInfo() == null || uri.getHost() == null) {
        return text;
      }
      return new URI(uri.getScheme(), MASK, uri.getHost(), uri.getPort(), uri.getPath(),
          uri.getQuery(), uri.getFragment()).toString();
    } catch (URISyntaxException e) {
      return text;
    }
  }
}
