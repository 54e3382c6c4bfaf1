package dev.baton.server.admin;

import dev.baton.server.config.TlsConfig;

/**
 * The admin server: Prometheus metrics, the admin API and the dashboard, on a port of their own so it
 * can stay off the public network.
 *
 * @param host address to listen on (default {@code 0.0.0.0})
 * @param port port to listen on (default 9000; 0 picks a free port)
 * @param token when set, {@code /admin/*} requires {@code Authorization: Bearer <token>};
 *     {@code /metrics} and the dashboard page itself stay open (the page asks for the token and sends
 *     it with its polls). Null or blank means no authentication: bind to a private address then.
 * @param tls serve HTTPS with this PEM certificate and key (default: plain HTTP)
 */
public record AdminConfig(String host, Integer port, String token, TlsConfig tls) {

  /** Plain HTTP. */
  public AdminConfig(String host, Integer port, String token) {
    this(host, port, token, null);
  }

  /** Default port. */
  public static final int DEFAULT_PORT = 9000;

  public static final AdminConfig DEFAULTS = new AdminConfig(null, null, null);

  public AdminConfig {
    host = host == null ? "0.0.0.0" : host;
    port = port == null ? DEFAULT_PORT : port;
    token = token == null || token.isBlank() ? null : token;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("admin port out of range: " + port);
    }
  }

  /** The same settings on another address ({@code baton demo --host}). */
  public AdminConfig withHost(String newHost) {
    return new AdminConfig(newHost, port, token, tls);
  }

  /** The same settings on another port (tests use 0). */
  public AdminConfig withPort(int newPort) {
    return new AdminConfig(host, newPort, token, tls);
  }

  /** Hides the token from logs and config dumps. */
  @Override
  public String toString() {
    return "AdminConfig[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***")
        + "]";
  }
}
