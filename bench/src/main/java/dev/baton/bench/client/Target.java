package dev.baton.bench.client;

import java.net.URI;
import java.util.Locale;

/**
 * Where requests go: the one server the operator named. The generator never dials any other
 * address (it does not follow redirects either).
 *
 * @param ssl whether to use TLS ({@code https})
 * @param host host to dial
 * @param port port to dial
 * @param basePath path prefix ending in {@code /v1}, under which endpoint paths are appended
 */
public record Target(boolean ssl, String host, int port, String basePath) {

  /**
   * Parses a base URL such as {@code http://127.0.0.1:8000} or {@code https://host/v1}; a missing
   * {@code /v1} is added.
   */
  public static Target parse(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("url must be http:// or https://, got " + url);
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("url has no host: " + url);
    }
    boolean ssl = scheme.equals("https");
    int port = url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80;
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!path.endsWith("/v1")) {
      path = path + "/v1";
    }
    return new Target(ssl, url.getHost(), port, path);
  }

  /** The request path for {@code endpoint}, e.g. {@code /v1/chat/completions}. */
  public String path(ApiEndpoint endpoint) {
    return basePath + endpoint.path();
  }
}
