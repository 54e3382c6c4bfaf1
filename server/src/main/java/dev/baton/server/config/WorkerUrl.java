package dev.baton.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A worker's base URL reduced to what identifies it: scheme, host and port, with the scheme's
 * default port filled in and the host lower-cased, so {@code http://a}, {@code http://A:80} and
 * {@code http://a:80/} are one worker. Validation and the runtime both go through {@link #parse},
 * so two endpoints that pass validation as distinct never collapse into one at runtime.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the configured host name or address, lower-case
 * @param port the explicit port, else 80 or 443
 */
public record WorkerUrl(String scheme, String host, int port) {

  /**
   * Parses a configured worker URL.
   *
   * @throws IllegalArgumentException with an operator-readable reason when it is not a usable base URL
   */
  public static WorkerUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("must be an http:// or https:// URL");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("needs a host");
    }
    if (uri.getPath() != null && !uri.getPath().isEmpty() && !"/".equals(uri.getPath())) {
      throw new IllegalArgumentException("must not have a path (Baton adds /v1/...)");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return new WorkerUrl(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
  }

  /** {@code host:port}: an endpoint's id unless the operator names it. */
  public String authority() {
    return host + ":" + port;
  }
}
