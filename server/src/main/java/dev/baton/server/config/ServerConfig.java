package dev.baton.server.config;

/**
 * The YAML {@code server} section.
 *
 * @param host address to listen on (default {@code 0.0.0.0})
 * @param port port to listen on (default 8000; 0 picks a free port)
 * @param maxBodyBytes largest request body accepted; larger ones get 413 (default 4 MiB)
 * @param maxConnectionsPerWorker HTTP connections Baton opens to one worker at most (default 512);
 *     each streaming request holds one
 * @param tls serve HTTPS with this certificate and key (default: plain HTTP)
 */
public record ServerConfig(
    String host, Integer port, Long maxBodyBytes, Integer maxConnectionsPerWorker, TlsConfig tls) {

  public static final ServerConfig DEFAULTS = new ServerConfig(null, null, null, null);

  /** Plain HTTP. */
  public ServerConfig(String host, Integer port, Long maxBodyBytes, Integer maxConnectionsPerWorker) {
    this(host, port, maxBodyBytes, maxConnectionsPerWorker, null);
  }

  public ServerConfig {
    host = host == null ? "0.0.0.0" : host;
    port = port == null ? 8000 : port;
    maxBodyBytes = maxBodyBytes == null ? 4L * 1024 * 1024 : maxBodyBytes;
    maxConnectionsPerWorker = maxConnectionsPerWorker == null ? 512 : maxConnectionsPerWorker;
  }

  /** The same settings listening on another port (tests and the demo use it). */
  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, maxBodyBytes, maxConnectionsPerWorker, tls);
  }

  /** The same settings served over TLS. */
  public ServerConfig withTls(TlsConfig newTls) {
    return new ServerConfig(host, port, maxBodyBytes, maxConnectionsPerWorker, newTls);
  }
}
